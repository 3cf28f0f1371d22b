package io.steward.jobs.warehouse;

import io.steward.common.domain.EventType;
import io.steward.common.domain.StewardVersion;
import io.steward.jobs.StewardContext;
import io.steward.jobs.registry.PolicyActions;
import io.steward.jobs.registry.PrincipalActions;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.TrailKey;
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
    if (CatalogNames.writeViews(ctx.spark(), ctx.warehouse())) {
      ctx.progress("the views' definitions are in " + CatalogNames.viewsLocation(ctx.warehouse()));
    }
    if (PrincipalActions.bootstrap(ctx)) {
      ctx.progress(ctx.user() + " is the first PLATFORM_ADMIN of " + ctx.warehouse());
    }
    seal(ctx);
    PolicyActions.keepHistory(ctx, PolicyActions.current(ctx).auditHorizonDays());
    return applied;
  }

  /**
   * With a trail key set ({@code STEWARD_TRAIL_KEY_FILE}) and a trail whose last event is not keyed
   * yet, records TRAIL_KEYED, the first event hashed under the key: from it on, a rewrite of the
   * trail without the key is detected. Nothing when there is no key or the trail is keyed already.
   */
  static void seal(StewardContext ctx) {
    if (TrailKey.configured() == null) {
      return;
    }
    Registry registry = new Registry(ctx.spark(), ctx.warehouse());
    List<RegistryRecords.Event> events = registry.events();
    if (!events.isEmpty() && TrailKey.keyed(events.get(events.size() - 1).hash())) {
      return;
    }
    RegistryRecords.Event sealed =
        registry
            .appendEvents(
                List.of(
                    new RegistryRecords.NewEvent(
                        ctx.user(),
                        EventType.TRAIL_KEYED,
                        null,
                        null,
                        null,
                        null,
                        "every event from this one on is an HMAC under the trail key",
                        null)))
            .get(0);
    ctx.progress("the lifecycle trail is keyed from event #" + sealed.seq());
  }
}
