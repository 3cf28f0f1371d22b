package io.steward.jobs.demo;

import io.steward.common.errors.StewardException;
import io.steward.jobs.StewardContext;
import io.steward.jobs.monitor.SelfTestAction;
import io.steward.jobs.registry.AddArtifactAction;
import io.steward.jobs.registry.AddVersionAction;
import io.steward.jobs.registry.ApproveAction;
import io.steward.jobs.registry.Governance;
import io.steward.jobs.registry.PrincipalActions;
import io.steward.jobs.registry.RegisterAction;
import io.steward.jobs.registry.TransitionAction;
import io.steward.registry.store.Registry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts every demo model in the registry and walks it through the lifecycle as the bank's people
 * would, with realistic evidence, and with some models deliberately lacking it, so that the
 * registry, the refusals in the trail and the dossiers all have something real to show.
 */
final class DemoGovernance {
  private DemoGovernance() {}

  static final String OWNER_CREDIT = "ana.credit";
  static final String OWNER_OPS = "raj.ops";

  /** mortgage_pd's owner, who leaves the bank after the walk: every role of theirs is revoked. */
  static final String OWNER_MORTGAGE = "mo.mortgage";

  static final String DEVELOPER = "dev.modeling";
  static final String VALIDATOR = "vera.validation";
  static final String APPROVER = "al.approver";
  static final String COMMITTEE = "model.risk.committee";

  /** The day credit_limit's methodology was last validated: more than 12 months before the logs. */
  static final String STALE_VALIDATION_DAY = "2025-08-14";

  /** Days before the first night of the logs that credit_limit v1 went live. */
  static final int CREDIT_V1_LIVE_DAYS_BEFORE = 45;

  /**
   * Days before the first night of the logs that marketing_response v2 went live, by committee
   * override while v1 stayed in DEPLOYMENT: long enough before the last night that v2's rollback
   * window has passed and v1 is superseded.
   */
  static final int MARKETING_V2_LIVE_DAYS_BEFORE = 12;

  /** What the walk left each model at. */
  record Walked(String modelId, String stage, String note) {}

  static List<Walked> run(
      StewardContext admin,
      List<DemoCatalog.Model> models,
      DemoLayout layout,
      Map<String, Long> snapshotVersions,
      LocalDate start) {
    Map<String, String> grants = new LinkedHashMap<>();
    grants.put(OWNER_CREDIT, "OWNER");
    grants.put(OWNER_OPS, "OWNER");
    grants.put(OWNER_MORTGAGE, "OWNER");
    grants.put(DEVELOPER, "DEVELOPER");
    grants.put(VALIDATOR, "VALIDATOR");
    grants.put(APPROVER, "APPROVER");
    grants.put(COMMITTEE, "COMMITTEE");
    Registry shared = new Registry(admin.spark(), admin.warehouse());
    boolean fresh = shared.models().isEmpty();
    List<Walked> walked = new ArrayList<>();
    if (!fresh) {
      for (var m : shared.models().values()) {
        walked.add(new Walked(m.modelId(), m.stage(), "already in the registry"));
      }
      return walked;
    }
    for (Map.Entry<String, String> g : grants.entrySet()) {
      PrincipalActions.grant(Governance.as(admin, admin.user(), shared), g.getKey(), g.getValue());
    }
    for (DemoCatalog.Model m : models) {
      walked.add(walk(admin, shared, m, layout, snapshotVersions.get(m.id()), start));
    }
    PrincipalActions.revoke(Governance.as(admin, admin.user(), shared), OWNER_MORTGAGE, "OWNER");
    return walked;
  }

  private static Walked walk(
      StewardContext admin,
      Registry shared,
      DemoCatalog.Model m,
      DemoLayout layout,
      long snapshotVersion,
      LocalDate start) {
    String base = m.id().replaceAll("_\\d+$", "");
    String owner =
        base.equals("mortgage_pd")
            ? OWNER_MORTGAGE
            : m.table().equals("credit_predictions") ? OWNER_CREDIT : OWNER_OPS;
    Governance own = Governance.as(admin, owner, shared);
    Governance dev = Governance.as(admin, DEVELOPER, shared);
    Governance val = Governance.as(admin, VALIDATOR, shared);
    Governance approver =
        Governance.as(admin, m.riskTier().equals("CRITICAL") ? COMMITTEE : APPROVER, shared);
    String criteria = m.problem().name().equals("REGRESSION") ? "rmse<=25" : "auc>=0.70";
    RegisterAction.register(
        own,
        new RegisterAction.Registration(
            m.id(),
            title(m.id()),
            owner,
            m.riskTier(),
            "Demo bank: " + m.injected(),
            criteria,
            m.riskTier().equals("LOW") ? List.of() : List.of("SR 11-7", "EU AI Act Art. 12"),
            List.of(layout.log(m.table()))));
    if (base.equals("collections_priority")) {
      return retire(own, approver, m.id());
    }
    String docs = "s3://bank-model-docs/" + m.id() + "/";
    AddArtifactAction.addArtifact(
        own,
        new AddArtifactAction.NewArtifact(
            m.id(), null, "MDP", docs + "mdp.pdf", null, null, Map.of()));
    ApproveAction.approve(
        m.riskTier().equals("LOW") ? own : approver,
        new ApproveAction.Approval(m.id(), null, "DEVELOPMENT", "MDP reviewed"));
    TransitionAction.transition(
        own, new TransitionAction.Transition(m.id(), null, "DEVELOPMENT", "MDP approved", false));
    String metric = m.problem().name().equals("REGRESSION") ? "rmse" : "auc";
    double value = m.problem().name().equals("REGRESSION") ? 18.5 : 0.78;
    boolean droppedLineage = base.equals("churn_propensity");
    String training = droppedLineage ? layout.extract(m.id()) : layout.snapshot(m.id());
    AddVersionAction.addVersion(
        dev,
        new AddVersionAction.NewVersion(
            m.id(),
            "v1",
            "delta.`" + training + "`",
            droppedLineage ? DemoExtract.write(admin.spark(), layout, m.id()) : snapshotVersion,
            Map.of("algorithm", "gradient_boosting", "max_depth", "6"),
            Map.of(metric, value),
            "mlflow://experiments/" + m.id() + "/runs/1",
            "prod",
            "https://models.bank/" + m.id(),
            null));
    if (droppedLineage) {
      DemoExtract.drop(admin.spark(), layout, m.id());
      return tryMove(
          own, shared, m.id(), "v1", "VALIDATION", "candidate ready (bias test not run yet)");
    }
    AddArtifactAction.addArtifact(
        dev,
        new AddArtifactAction.NewArtifact(
            m.id(), "v1", "BIAS_TEST", docs + "bias_v1.html", "PASS", null, Map.of()));
    TransitionAction.transition(
        dev,
        new TransitionAction.Transition(
            m.id(), "v1", "VALIDATION", "candidate meets the MDP thresholds", false));
    if (base.equals("mortgage_pd")) {
      AddArtifactAction.addArtifact(
          val,
          new AddArtifactAction.NewArtifact(
              m.id(),
              "v1",
              "VALIDATION_REPORT",
              docs + "validation_v1.pdf",
              "CONDITIONAL",
              "independent re-test of the LTV cap segment",
              Map.of()));
      return new Walked(
          m.id(), "VALIDATION", "validated with conditions; awaiting deployment approval");
    }
    AddArtifactAction.addArtifact(
        val,
        new AddArtifactAction.NewArtifact(
            m.id(),
            "v1",
            "VALIDATION_REPORT",
            docs + "validation_v1.pdf",
            "APPROVED",
            "out-of-time test passed",
            Map.of()));
    if (m.riskTier().equals("CRITICAL")) {
      ApproveAction.approve(
          approver,
          new ApproveAction.Approval(m.id(), "v1", "DEPLOYMENT", "committee minutes 2026-09"));
    }
    TransitionAction.transition(
        own, new TransitionAction.Transition(m.id(), "v1", "DEPLOYMENT", "validated", false));
    AddArtifactAction.addArtifact(
        own,
        new AddArtifactAction.NewArtifact(
            m.id(), null, "RUNBOOK", docs + "runbook.md", null, null, Map.of()));
    ApproveAction.approve(
        approver, new ApproveAction.Approval(m.id(), "v1", "PRODUCTION", "go-live approved"));
    Governance committee = Governance.as(admin, COMMITTEE, shared);
    if (base.equals("credit_limit")) {
      TransitionAction.transition(
          committee,
          new TransitionAction.Transition(
              m.id(),
              "v1",
              "PRODUCTION",
              "regulatory deadline; shadow comparison reviewed offline",
              true,
              start.minusDays(CREDIT_V1_LIVE_DAYS_BEFORE)));
      AddArtifactAction.addArtifact(
          val,
          new AddArtifactAction.NewArtifact(
              m.id(),
              null,
              "VALIDATION_REPORT",
              docs + "methodology_validation_2025.pdf",
              "APPROVED",
              "annual validation of the methodology, due again after 12 months",
              Map.of("validated_on", STALE_VALIDATION_DAY)));
      if (!m.id().equals("credit_limit")) {
        return new Walked(
            m.id(), "PRODUCTION", "in production by committee override (shadow evidence pending)");
      }
      AddVersionAction.addVersion(
          dev,
          new AddVersionAction.NewVersion(
              m.id(),
              "v2",
              "delta.`" + layout.snapshot(m.id()) + "`",
              snapshotVersion,
              Map.of("algorithm", "gradient_boosting", "max_depth", "8"),
              Map.of(metric, 0.80),
              "mlflow://experiments/" + m.id() + "/runs/2",
              "prod",
              "https://models.bank/" + m.id(),
              null));
      LocalDate live = start.plusDays(DemoCatalog.CREDIT_V2_DAY);
      for (String to : List.of("VALIDATION", "DEPLOYMENT", "PRODUCTION")) {
        TransitionAction.transition(
            committee,
            new TransitionAction.Transition(
                m.id(),
                "v2",
                to,
                "retrain pushed live under the regulatory deadline; the registry catches up",
                true,
                to.equals("PRODUCTION") ? live : null));
      }
      return new Walked(
          m.id(),
          "PRODUCTION",
          "v1 by committee override; retrain v2 pushed live on "
              + live
              + " by override, recorded later (v1 retired)");
    }
    Walked refused = tryMove(own, shared, m.id(), "v1", "PRODUCTION", "go live");
    if (m.id().equals("fraud_detection")) {
      fraudChallengers(dev, val, approver, m.id(), layout, snapshotVersion);
      return new Walked(
          m.id(),
          refused.stage(),
          refused.note() + "; challengers v2 and v3 validated and scoring in shadow");
    }
    return m.id().equals("marketing_response")
        ? marketingV2(dev, val, committee, m.id(), layout, snapshotVersion, start)
        : refused;
  }

  /**
   * marketing_response v1, refused production, stays in DEPLOYMENT while a v2 is developed,
   * validated and put live by committee override {@link #MARKETING_V2_LIVE_DAYS_BEFORE} days before
   * the logs begin (the registry records it later, with the day it took effect): v1 is superseded.
   */
  private static Walked marketingV2(
      Governance dev,
      Governance val,
      Governance committee,
      String id,
      DemoLayout layout,
      long snapshotVersion,
      LocalDate start) {
    String docs = "s3://bank-model-docs/" + id + "/";
    AddVersionAction.addVersion(
        dev,
        new AddVersionAction.NewVersion(
            id,
            "v2",
            "delta.`" + layout.snapshot(id) + "`",
            snapshotVersion,
            Map.of("algorithm", "gradient_boosting", "max_depth", "6"),
            Map.of("auc", 0.79),
            "mlflow://experiments/" + id + "/runs/2",
            "prod",
            "https://models.bank/" + id,
            null));
    AddArtifactAction.addArtifact(
        dev,
        new AddArtifactAction.NewArtifact(
            id, "v2", "BIAS_TEST", docs + "bias_v2.html", "PASS", null, Map.of()));
    AddArtifactAction.addArtifact(
        val,
        new AddArtifactAction.NewArtifact(
            id,
            "v2",
            "VALIDATION_REPORT",
            docs + "validation_v2.pdf",
            "APPROVED",
            "out-of-time test passed",
            Map.of()));
    LocalDate live = start.minusDays(MARKETING_V2_LIVE_DAYS_BEFORE);
    TransitionAction.transition(
        committee,
        new TransitionAction.Transition(
            id,
            "v2",
            "PRODUCTION",
            "campaign season; shadow comparison reviewed offline",
            true,
            live));
    return new Walked(
        id,
        "PRODUCTION",
        "v1 refused production (no shadow evidence), still DEPLOYMENT; v2 live since "
            + live
            + " by committee override");
  }

  /**
   * fraud_detection's challengers: v2 (a refit, close to v1) and v3 (a new feature set), each
   * developed, bias-tested, validated and approved for production; both score in shadow from the
   * first night, and only the comparisons decide which goes live ({@link #shadowGoLive}).
   */
  private static void fraudChallengers(
      Governance dev,
      Governance val,
      Governance approver,
      String id,
      DemoLayout layout,
      long snapshotVersion) {
    String docs = "s3://bank-model-docs/" + id + "/";
    for (String v : List.of("v2", "v3")) {
      AddVersionAction.addVersion(
          dev,
          new AddVersionAction.NewVersion(
              id,
              v,
              "delta.`" + layout.snapshot(id) + "`",
              snapshotVersion,
              Map.of("algorithm", "gradient_boosting", "max_depth", v.equals("v2") ? "6" : "10"),
              Map.of("auc", v.equals("v2") ? 0.79 : 0.81),
              "mlflow://experiments/" + id + "/runs/" + v.substring(1),
              "prod",
              "https://models.bank/" + id,
              null));
      AddArtifactAction.addArtifact(
          dev,
          new AddArtifactAction.NewArtifact(
              id, v, "BIAS_TEST", docs + "bias_" + v + ".html", "PASS", null, Map.of()));
      AddArtifactAction.addArtifact(
          val,
          new AddArtifactAction.NewArtifact(
              id,
              v,
              "VALIDATION_REPORT",
              docs + "validation_" + v + ".pdf",
              "APPROVED",
              "out-of-time test passed",
              Map.of()));
      ApproveAction.approve(
          approver,
          new ApproveAction.Approval(id, v, "PRODUCTION", "go-live approved, subject to shadow"));
    }
  }

  /**
   * After the nightly has compared fraud_detection's challengers with v1 for {@link
   * DemoCatalog#FRAUD_V2_DAY} nights: the alert self-test on the week to {@code lastNight}, v3's
   * attempt at production (refused: a material discrepancy every night), and v2's promotion with no
   * override, in force from that day. Returns what happened, one line each; nothing when the model
   * is not in the registry or v2 is already its champion (a rerun of the demo).
   */
  static List<String> shadowGoLive(StewardContext admin, LocalDate start, LocalDate lastNight) {
    String id = "fraud_detection";
    Registry shared = new Registry(admin.spark(), admin.warehouse());
    var model = shared.models().get(id);
    if (model == null || "v2".equals(model.championVersion())) {
      return List.of();
    }
    List<String> notes = new ArrayList<>();
    Governance own = Governance.as(admin, OWNER_OPS, shared);
    SelfTestAction.Result test = SelfTestAction.run(admin, id, lastNight, 5000);
    AddArtifactAction.recordSelfTest(
        own,
        id,
        "steward:monitor-selftest/" + id + "/" + lastNight,
        test.verdict().passed(),
        test.verdict().passed()
            ? "every rule fired; the control stayed quiet"
            : String.join("; ", test.verdict().failures()),
        Map.of("night", lastNight.toString(), "rows", Long.toString(test.sampled())));
    notes.add(
        id
            + ": alert self-test on "
            + test.sampled()
            + " rows of the week to "
            + lastNight
            + ": "
            + (test.verdict().passed()
                ? "PASS"
                : "FAIL (" + String.join("; ", test.verdict().failures()) + ")"));
    notes.add(
        id + " v3: " + tryMove(own, shared, id, "v3", "PRODUCTION", "challenger v3 ready").note());
    LocalDate live = start.plusDays(DemoCatalog.FRAUD_V2_DAY);
    try {
      TransitionAction.transition(
          own,
          new TransitionAction.Transition(
              id,
              "v2",
              "PRODUCTION",
              "clean nights in shadow and a passing alert self-test",
              false,
              live));
      notes.add(id + " v2: PRODUCTION from " + live + " on its shadow evidence, no override");
    } catch (StewardException e) {
      notes.add(id + " v2: refused production: " + e.getMessage());
    }
    return notes;
  }

  /**
   * Retires a model whose use case was withdrawn before approval: a retirement plan, the RETIRED
   * gate's approval and the move. Its callers are not switched off, so it keeps serving.
   */
  private static Walked retire(Governance own, Governance approver, String id) {
    AddArtifactAction.addArtifact(
        own,
        new AddArtifactAction.NewArtifact(
            id,
            null,
            "RETIREMENT_PLAN",
            "s3://bank-model-docs/" + id + "/retirement.md",
            null,
            "use case withdrawn before approval",
            Map.of(
                "reason", "discontinued",
                "consumers_notified", "true",
                "retention_until", "2033-10-31")));
    ApproveAction.approve(
        approver, new ApproveAction.Approval(id, null, "RETIRED", "use case withdrawn"));
    TransitionAction.transition(
        own, new TransitionAction.Transition(id, null, "RETIRED", "use case withdrawn", false));
    return new Walked(id, "RETIRED", "retired (use case withdrawn), but its callers still call it");
  }

  /** Attempts a move the demo expects the gate to refuse; the refusal stays in the trail. */
  private static Walked tryMove(
      Governance g, Registry shared, String id, String version, String to, String reason) {
    try {
      TransitionAction.transition(
          g, new TransitionAction.Transition(id, version, to, reason, false));
      return new Walked(id, to, "moved");
    } catch (StewardException e) {
      String stage = shared.models().get(id).stage();
      return new Walked(
          id,
          stage,
          "refused into "
              + to
              + ": "
              + e.getMessage().replaceFirst("^refused: [^;]*; missing: ", "missing "));
    }
  }

  private static String title(String id) {
    String t = id.replace('_', ' ');
    return Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }
}
