package io.steward.common.triggers;

import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inventory audit's judgement: each model version with traffic against the registry, as
 * UNREGISTERED findings (a model id, or a version, the registry does not know) and ZOMBIE findings
 * (one per {@link ZombieReason} that holds for a deciding version). A version the registry does not
 * know, of a registered model, is also judged as a zombie: it serves in the model's stage, with no
 * lineage to check and only the model's own validation reports.
 *
 * @param findings every trigger the audit holds open, zombies by model, version and reason
 * @param deciding the registered model versions whose traffic is decisions (not shadow)
 * @param zombies the reasons that hold per deciding model version, for the report
 */
public record AuditFindings(
    List<Finding> findings, Set<VersionKey> deciding, Map<VersionKey, Set<ZombieReason>> zombies) {
  public AuditFindings {
    findings = List.copyOf(findings);
    deciding = Set.copyOf(deciding);
    zombies = Map.copyOf(zombies);
  }

  /** Judges the traffic against the registry's facts on the audit's day. */
  public static AuditFindings of(
      List<Traffic> traffic, Map<String, ModelFacts> models, LocalDate asOf) {
    List<Finding> out = new ArrayList<>();
    Set<VersionKey> deciding = new LinkedHashSet<>();
    Map<VersionKey, Set<ZombieReason>> zombies = new LinkedHashMap<>();
    for (Traffic t : traffic) {
      VersionKey k = t.subject();
      ModelFacts m = models.get(k.modelId());
      if (m == null) {
        out.add(
            new Finding(
                k,
                TriggerKind.UNREGISTERED,
                UnregisteredReason.UNKNOWN_MODEL.name(),
                null,
                null,
                "model " + k.modelId() + " is not registered; " + t.describe()));
        continue;
      }
      ModelFacts.VersionFacts v =
          k.version() == null
              ? m.versions().get(m.championVersion() == null ? "" : m.championVersion())
              : m.versions().get(k.version());
      if (k.version() != null && v == null) {
        out.add(
            new Finding(
                k,
                TriggerKind.UNREGISTERED,
                UnregisteredReason.UNKNOWN_VERSION.name(),
                m.tier(),
                m.owner(),
                "version "
                    + k.version()
                    + " of "
                    + k.modelId()
                    + " is not registered; "
                    + t.describe()));
        v = new ModelFacts.VersionFacts(k.version(), m.stage(), null, m.modelValidatedOn());
      }
      Stage serving = ZombieRules.servingStage(m.stage(), v == null ? null : v.stage());
      if (!ZombieRules.decides(serving)) {
        continue;
      }
      deciding.add(k);
      Map<ZombieReason, String> reasons = ZombieRules.reasons(m, v, asOf);
      if (!reasons.isEmpty()) {
        zombies.put(k, reasons.keySet());
      }
      RiskTier tier = m.tier();
      for (Map.Entry<ZombieReason, String> r : reasons.entrySet()) {
        out.add(
            new Finding(
                k,
                TriggerKind.ZOMBIE,
                r.getKey().name(),
                tier,
                m.owner(),
                r.getValue() + "; " + t.describe()));
      }
    }
    return new AuditFindings(out, deciding, zombies);
  }
}
