package io.steward.common.triggers;

import io.steward.common.decisions.Rule;
import io.steward.common.decisions.RuleThreshold;
import io.steward.common.decisions.Severity;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules that turn a model's open alerts, labelled performance and traffic into RETRAIN,
 * ROLLBACK and RETIRE findings, judged after each night from the small tables (pure: the nightly
 * run gathers {@link ModelHistory} and applies the findings with {@link TriggerLifecycle}).
 *
 * <ul>
 *   <li><b>RETRAIN</b>, reason DRIFT: a version has an open CRITICAL episode of feature PSI or
 *       score PSI (significant drift, already past the hysteresis); reason PERFORMANCE: an open
 *       episode, WARN or CRITICAL, of AUC drop or RMSE rise against the version's baseline (those
 *       rules need the minimum of labelled rows before they fire).
 *   <li><b>ROLLBACK</b>, reason WORSE_THAN_PREDECESSOR: the champion was promoted within the last
 *       {@code rollbackWindowDays}, and on each of its last {@code consecutive_windows} labelled
 *       nights since promotion it is worse than its predecessor's mean over the predecessor's last
 *       {@code comparableNights} labelled nights before the promotion, by more than the CRITICAL
 *       level of {@code auc_drop_abs} (AUC) or {@code rmse_rise_rel} (RMSE), with the predecessor's
 *       mean outside the night's confidence interval when the night has one; reason
 *       SHADOW_COMPARISON: in the watch after a promotion, the latest night's shadow comparison of
 *       the champion with the version it replaced recommends ROLLBACK (the champion's AUC interval
 *       wholly below the other's, or its parity ratio fallen under the floor).
 *   <li><b>RETIRE</b>, reason SUPERSEDED: a version that once reached DEPLOYMENT or PRODUCTION,
 *       registered before the champion and not RETIRED (still serving or idle), once the champion's
 *       rollback window has passed (until then the old version is the way back); DISCONTINUED: the
 *       champion of a model in PRODUCTION, promoted at least {@code discontinuedDays} ago, served
 *       no rows in the last {@code discontinuedDays}; UNRECOVERABLE: a RETRAIN is open after {@code
 *       retrainsBeforeRetire} retrains (RETRAIN triggers of the model actioned by a new version).
 * </ul>
 */
public final class NightlyTriggerRules {
  private NightlyTriggerRules() {}

  /** The kinds these rules judge. */
  public static final Set<TriggerKind> KINDS =
      EnumSet.of(TriggerKind.RETRAIN, TriggerKind.ROLLBACK, TriggerKind.RETIRE);

  /** Why a RETRAIN is raised. */
  public enum RetrainReason {
    DRIFT,
    PERFORMANCE
  }

  /** Why a ROLLBACK is raised. */
  public enum RollbackReason {
    WORSE_THAN_PREDECESSOR,
    SHADOW_COMPARISON
  }

  /** Why a RETIRE is raised. */
  public enum RetireReason {
    SUPERSEDED,
    DISCONTINUED,
    UNRECOVERABLE
  }

  /**
   * The rules' windows, in days and nights.
   *
   * @param rollbackWindowDays how long after a promotion a rollback is considered (default 30)
   * @param comparableNights the predecessor's labelled nights before the promotion that make its
   *     level (default 7)
   * @param discontinuedDays days without traffic that make a champion discontinued (default 30)
   * @param retrainsBeforeRetire retrains after which an open RETRAIN means retire (default 2)
   */
  public record Settings(
      int rollbackWindowDays,
      int comparableNights,
      int discontinuedDays,
      int retrainsBeforeRetire) {
    public static final Settings DEFAULTS = new Settings(30, 7, 30, 2);

    public Settings {
      if (rollbackWindowDays < 1
          || comparableNights < 1
          || discontinuedDays < 1
          || retrainsBeforeRetire < 1) {
        throw new IllegalArgumentException("trigger settings must be positive");
      }
    }
  }

  /** What the rules find about {@code m} on {@code night}. */
  public static List<Finding> findings(
      ModelHistory m, Thresholds thresholds, LocalDate night, Settings s) {
    List<Finding> out = new ArrayList<>();
    retrain(m, out);
    rollback(m, thresholds, night, s, out);
    shadowRollback(m, night, out);
    retire(m, night, s, out);
    return out;
  }

  private static void retrain(ModelHistory m, List<Finding> out) {
    Map<String, List<ModelHistory.OpenAlert>> byVersion =
        m.openAlerts().stream()
            .filter(a -> a.version() != null && isRetired(m, a.version()) == Boolean.FALSE)
            .collect(Collectors.groupingBy(ModelHistory.OpenAlert::version));
    for (Map.Entry<String, List<ModelHistory.OpenAlert>> e : byVersion.entrySet()) {
      List<ModelHistory.OpenAlert> drift =
          e.getValue().stream()
              .filter(a -> a.rule() == Rule.FEATURE_PSI || a.rule() == Rule.SCORE_PSI)
              .filter(a -> a.severity() == Severity.CRITICAL)
              .toList();
      List<ModelHistory.OpenAlert> performance =
          e.getValue().stream().filter(a -> isPerformance(a.rule())).toList();
      if (!drift.isEmpty()) {
        out.add(
            finding(
                m,
                e.getKey(),
                TriggerKind.RETRAIN,
                RetrainReason.DRIFT,
                "significant drift",
                drift));
      }
      if (!performance.isEmpty()) {
        out.add(
            finding(
                m,
                e.getKey(),
                TriggerKind.RETRAIN,
                RetrainReason.PERFORMANCE,
                "performance below its baseline",
                performance));
      }
    }
  }

  private static boolean isPerformance(Rule r) {
    return r == Rule.AUC_DROP_ABS
        || r == Rule.AUC_DROP_REL
        || r == Rule.RMSE_RISE_ABS
        || r == Rule.RMSE_RISE_REL;
  }

  /** TRUE when the version is RETIRED, FALSE when registered and not, null when unknown. */
  private static Boolean isRetired(ModelHistory m, String version) {
    ModelHistory.Version v = m.version(version);
    return v == null ? null : v.stage() == Stage.RETIRED;
  }

  private static Finding finding(
      ModelHistory m,
      String version,
      TriggerKind kind,
      Enum<?> reason,
      String what,
      List<ModelHistory.OpenAlert> alerts) {
    String evidence =
        what
            + ": "
            + alerts.stream()
                .sorted(Comparator.comparing(ModelHistory.OpenAlert::alertId))
                .map(ModelHistory.OpenAlert::describe)
                .collect(Collectors.joining(", "));
    return new Finding(
        new VersionKey(m.modelId(), version), kind, reason.name(), m.tier(), m.owner(), evidence);
  }

  private static void rollback(
      ModelHistory m, Thresholds t, LocalDate night, Settings s, List<Finding> out) {
    ModelHistory.Version champion =
        m.championVersion() == null ? null : m.version(m.championVersion());
    if (champion == null || champion.promoted() == null) {
      return;
    }
    if (ChronoUnit.DAYS.between(champion.promoted(), night) > s.rollbackWindowDays()) {
      return;
    }
    ModelHistory.Version predecessor =
        m.versions().stream()
            .filter(v -> !v.version().equals(champion.version()))
            .filter(v -> v.promoted() != null && v.promoted().isBefore(champion.promoted()))
            .max(Comparator.comparing(ModelHistory.Version::promoted))
            .orElse(null);
    if (predecessor == null) {
      return;
    }
    List<ModelHistory.Labelled> before =
        m.performance().stream()
            .filter(p -> p.version().equals(predecessor.version()))
            .filter(p -> p.night().isBefore(champion.promoted()))
            .sorted(Comparator.comparing(ModelHistory.Labelled::night).reversed())
            .limit(s.comparableNights())
            .toList();
    int n = t.consecutiveWindows();
    List<ModelHistory.Labelled> since =
        m.performance().stream()
            .filter(p -> p.version().equals(champion.version()))
            .filter(p -> !p.night().isBefore(champion.promoted()) && !p.night().isAfter(night))
            .sorted(Comparator.comparing(ModelHistory.Labelled::night).reversed())
            .limit(n)
            .toList();
    if (before.isEmpty() || since.size() < n) {
      return;
    }
    String metric = since.get(0).metric();
    boolean higherIsBetter = since.get(0).higherIsBetter();
    if (before.stream().anyMatch(p -> !p.metric().equals(metric))
        || since.stream().anyMatch(p -> !p.metric().equals(metric))) {
      return;
    }
    RuleThreshold rule = t.of(higherIsBetter ? Rule.AUC_DROP_ABS : Rule.RMSE_RISE_REL);
    Double level = rule.level(Severity.CRITICAL) != null ? rule.critical() : rule.warn();
    if (level == null) {
      return;
    }
    double mean = before.stream().mapToDouble(ModelHistory.Labelled::value).average().orElseThrow();
    for (ModelHistory.Labelled p : since) {
      if (!worse(p, mean, higherIsBetter, level)) {
        return;
      }
    }
    out.add(
        new Finding(
            new VersionKey(m.modelId(), champion.version()),
            TriggerKind.ROLLBACK,
            RollbackReason.WORSE_THAN_PREDECESSOR.name(),
            m.tier(),
            m.owner(),
            String.format(
                Locale.ROOT,
                "champion %s (promoted %s) has %s %s on its last %d labelled nights (latest %s)"
                    + " against %.4f for %s over its last %d nights before; threshold %s %s",
                champion.version(),
                champion.promoted(),
                metric,
                since.stream()
                    .map(p -> String.format(Locale.ROOT, "%.4f", p.value()))
                    .collect(Collectors.joining(", ")),
                since.size(),
                since.get(0).night(),
                mean,
                predecessor.version(),
                before.size(),
                higherIsBetter ? "auc_drop_abs" : "rmse_rise_rel",
                level)));
  }

  private static void shadowRollback(ModelHistory m, LocalDate night, List<Finding> out) {
    if (m.championVersion() == null) {
      return;
    }
    m.shadowWatches().stream()
        .filter(w -> w.champion().equals(m.championVersion()) && !w.night().isAfter(night))
        .max(Comparator.comparing(ModelHistory.ShadowWatch::night))
        .filter(ModelHistory.ShadowWatch::rollback)
        .ifPresent(
            w ->
                out.add(
                    new Finding(
                        new VersionKey(m.modelId(), m.championVersion()),
                        TriggerKind.ROLLBACK,
                        RollbackReason.SHADOW_COMPARISON.name(),
                        m.tier(),
                        m.owner(),
                        "shadow comparison of champion "
                            + w.champion()
                            + " with "
                            + w.watched()
                            + " on "
                            + w.night()
                            + " recommends rolling back: "
                            + w.reasons())));
  }

  /** Whether one night of the champion is worse than the predecessor's mean beyond the level. */
  static boolean worse(ModelHistory.Labelled p, double mean, boolean higherIsBetter, double level) {
    if (higherIsBetter) {
      boolean beyond = mean - p.value() > level;
      return beyond && (p.ciHigh() == null || p.ciHigh() < mean);
    }
    if (mean <= 0) {
      return false;
    }
    boolean beyond = (p.value() - mean) / mean > level;
    return beyond && (p.ciLow() == null || p.ciLow() > mean);
  }

  private static void retire(ModelHistory m, LocalDate night, Settings s, List<Finding> out) {
    ModelHistory.Version champion =
        m.championVersion() == null ? null : m.version(m.championVersion());
    boolean pastRollbackWindow =
        champion != null
            && (champion.promoted() == null
                || ChronoUnit.DAYS.between(champion.promoted(), night) > s.rollbackWindowDays());
    if (champion != null) {
      for (ModelHistory.Version v : m.versions()) {
        boolean reachedRelease =
            v.promoted() != null || v.stage() == Stage.DEPLOYMENT || v.stage() == Stage.PRODUCTION;
        if (pastRollbackWindow
            && !v.version().equals(champion.version())
            && v.stage() != Stage.RETIRED
            && reachedRelease
            && v.added().isBefore(champion.added())) {
          LocalDate last = m.lastTraffic().get(v.version());
          out.add(
              new Finding(
                  new VersionKey(m.modelId(), v.version()),
                  TriggerKind.RETIRE,
                  RetireReason.SUPERSEDED.name(),
                  m.tier(),
                  m.owner(),
                  "superseded by champion "
                      + champion.version()
                      + (champion.promoted() == null
                          ? ""
                          : " (promoted " + champion.promoted() + ")")
                      + "; "
                      + v.version()
                      + " is still "
                      + v.stage()
                      + (last == null ? ", idle" : ", last served " + last)));
        }
      }
      LocalDate last = m.lastTraffic().get(champion.version());
      LocalDate since = night.minusDays(s.discontinuedDays());
      if (m.stage() == Stage.PRODUCTION
          && champion.promoted() != null
          && !champion.promoted().isAfter(since)
          && (last == null || last.isBefore(since))) {
        out.add(
            new Finding(
                new VersionKey(m.modelId(), champion.version()),
                TriggerKind.RETIRE,
                RetireReason.DISCONTINUED.name(),
                m.tier(),
                m.owner(),
                "champion "
                    + champion.version()
                    + " served no rows in the last "
                    + s.discontinuedDays()
                    + " days"
                    + (last == null ? "" : " (last on " + last + ")")));
      }
    }
    if (m.retrainsActioned() >= s.retrainsBeforeRetire()) {
      List<String> stillOpen =
          out.stream()
              .filter(f -> f.kind() == TriggerKind.RETRAIN)
              .map(f -> f.subject().version())
              .distinct()
              .toList();
      for (String v : stillOpen) {
        out.add(
            new Finding(
                new VersionKey(m.modelId(), v),
                TriggerKind.RETIRE,
                RetireReason.UNRECOVERABLE.name(),
                m.tier(),
                m.owner(),
                "RETRAIN open again after "
                    + m.retrainsActioned()
                    + " retrains; consider retiring the model"));
      }
    }
  }

  /**
   * What answers an OPEN trigger these rules raised, on {@code night}: null leaves it open. Any
   * trigger of a version now RETIRED is answered by the retirement; a RETRAIN by a newer version
   * validated since it was raised; a ROLLBACK by another champion; a SUPERSEDED version by becoming
   * champion again; a DISCONTINUED champion by traffic again.
   */
  public static Function<Trigger, String> answers(
      Map<String, ModelHistory> models, LocalDate night, Settings s) {
    return t -> {
      ModelHistory m = models.get(t.modelId());
      if (m == null) {
        return null;
      }
      ModelHistory.Version v = t.modelVersion() == null ? null : m.version(t.modelVersion());
      if (v != null && v.stage() == Stage.RETIRED) {
        return "version " + v.version() + " retired";
      }
      LocalDate raised = t.raisedAt().atZone(ZoneOffset.UTC).toLocalDate();
      return switch (t.kind()) {
        case RETRAIN ->
            m.versions().stream()
                .filter(x -> v == null || x.added().isAfter(v.added()))
                .filter(x -> x.validated() != null && !x.validated().isBefore(raised))
                .min(Comparator.comparing(ModelHistory.Version::validated))
                .map(x -> "version " + x.version() + " validated on " + x.validated())
                .orElse(null);
        case ROLLBACK ->
            Objects.equals(m.championVersion(), t.modelVersion())
                ? null
                : "champion is now " + (m.championVersion() == null ? "none" : m.championVersion());
        case RETIRE -> {
          if (RetireReason.SUPERSEDED.name().equals(t.reason())) {
            yield Objects.equals(m.championVersion(), t.modelVersion())
                ? "version " + t.modelVersion() + " is the champion again"
                : null;
          }
          if (RetireReason.DISCONTINUED.name().equals(t.reason())) {
            LocalDate last = m.lastTraffic().get(t.modelVersion());
            yield last != null && last.isAfter(night.minusDays(s.discontinuedDays()))
                ? "traffic again on " + last
                : null;
          }
          yield null;
        }
        default -> null;
      };
    };
  }
}
