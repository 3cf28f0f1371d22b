package io.steward.jobs.warehouse;

import io.steward.common.domain.StewardVersion;
import io.steward.jobs.StewardContext;
import io.steward.jobs.registry.PrincipalActions;
import io.steward.registry.warehouse.CatalogNames;
import io.steward.registry.warehouse.Migrations;
import java.util.List;

/** Creates or upgrades the warehouse tables. Driver only; idempotent. */
public final class InitAction {
  private InitAction() {}

  /**
   * Applies the missing migrations; on a warehouse without principals, the user running it becomes
   * the first PLATFORM_ADMIN.
   *
   * @return the migrations applied, empty when the warehouse was already current
   */
  public static List<Migrations.Migration> run(StewardContext ctx) {
    List<Migrations.Migration> applied =
        Migrations.upgrade(ctx.spark(), ctx.warehouse(), ctx.user(), StewardVersion.get());
    CatalogNames.register(ctx.spark(), ctx.warehouse());
    if (PrincipalActions.bootstrap(ctx)) {
      ctx.progress(ctx.user() + " is the first PLATFORM_ADMIN of " + ctx.warehouse());
    }
    return applied;
  }
}
