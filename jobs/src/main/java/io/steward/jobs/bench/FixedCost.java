package io.steward.jobs.bench;

import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fixed cost every user pays per command, measured as whole processes on an existing warehouse
 * (the demo's, typically): the registry commands an analyst runs all day ({@code model list},
 * {@code model show}, {@code principal list}, {@code model verify-trail}) against {@code steward
 * sql "SELECT 1"}, and the nightly run of the warehouse's latest night against a {@code SELECT
 * count(*)} over the same night's log rows. Each command runs in a fresh child JVM as the launcher
 * starts it (this JVM's options; interactive commands with the launcher's quick JIT setting),
 * {@code rounds} interleaved rounds in rotated order; the figure is wall time from start to exit,
 * median, smallest and largest, and each case's ratio of medians to its reference.
 *
 * <p>The nightly case recomputes a night the warehouse already holds: its results are replaced,
 * never duplicated, as a rerun always does.
 */
public final class FixedCost {
  private FixedCost() {}

  /** The launcher's JIT setting for commands that only plan and read (not nightly). */
  static final String QUICK = "-XX:TieredStopAtLevel=1";

  /** The results file's header: one line per case and run. */
  public static final String HEADER =
      "commit,date,case,reference,rounds,median_s,min_s,max_s,reference_median_s,ratio";

  /** A command measured, and the case its time is divided by (null for a reference). */
  record Case(String name, String reference, List<String> args, boolean quick) {}

  /** A case's spread of wall seconds. */
  record Measured(Case c, Spread wall) {}

  /** The cases for this warehouse: what it holds decides the model shown and the night run. */
  public static List<Case> cases(StewardContext ctx) {
    String wh = ctx.warehouse().root();
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("select_1", null, List.of("sql", "SELECT 1", "--warehouse", wh), true));
    cases.add(
        new Case("model_list", "select_1", List.of("model", "list", "--warehouse", wh), true));
    Map<String, RegistryRecords.Model> models = new Registry(ctx.spark(), ctx.warehouse()).models();
    if (!models.isEmpty()) {
      String first = models.keySet().iterator().next();
      cases.add(
          new Case(
              "model_show",
              "select_1",
              List.of("model", "show", "--id", first, "--warehouse", wh),
              true));
    }
    cases.add(
        new Case(
            "principal_list", "select_1", List.of("principal", "list", "--warehouse", wh), true));
    cases.add(
        new Case(
            "verify_trail", "select_1", List.of("model", "verify-trail", "--warehouse", wh), true));
    LocalDate night =
        JobRunStore.lastMonitoredNights(ctx.spark(), ctx.warehouse()).values().stream()
            .max(LocalDate::compareTo)
            .orElse(null);
    Map<String, MonitorStore.Registered> specs = MonitorStore.active(ctx.spark(), ctx.warehouse());
    if (night != null && !specs.isEmpty()) {
      cases.add(
          new Case(
              "count_night",
              null,
              List.of("sql", countNight(specs, night), "--warehouse", wh),
              true));
      cases.add(
          new Case(
              "nightly",
              "count_night",
              List.of("nightly", "--date", night.toString(), "--warehouse", wh),
              false));
    }
    return cases;
  }

  /** SELECT count(*) over the night's rows of every log table the monitors read. */
  static String countNight(Map<String, MonitorStore.Registered> specs, LocalDate night) {
    Set<String> parts = new LinkedHashSet<>();
    for (MonitorStore.Registered r : specs.values()) {
      MonitorSpec.Predictions p = r.spec().predictions();
      parts.add(
          "SELECT count(*) AS n FROM "
              + p.table().sql()
              + " WHERE `"
              + p.timestamp()
              + "` >= TIMESTAMP '"
              + night
              + " 00:00:00' AND `"
              + p.timestamp()
              + "` < TIMESTAMP '"
              + night.plusDays(1)
              + " 00:00:00'");
    }
    return "SELECT sum(n) AS rows FROM (" + String.join(" UNION ALL ", parts) + ")";
  }

  /**
   * Runs every case ({@link #cases} for a warehouse's) {@code rounds} times in rotated order,
   * prints the table and the ratios, and appends them to {@code results} when given.
   */
  public static List<Measured> run(
      List<Case> cases,
      int rounds,
      long heapMb,
      Path logs,
      Path results,
      String commit,
      PrintWriter out,
      PrintWriter err) {
    Map<Case, List<Double>> walls = new LinkedHashMap<>();
    cases.forEach(c -> walls.put(c, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (Case c : Rotation.of(cases, round)) {
        List<String> args = new ArrayList<>();
        if (c.quick()) {
          args.add(QUICK);
        }
        List<String> command = ChildJvm.command(heapMb, c.args());
        command.addAll(1, args);
        long start = System.nanoTime();
        ChildJvm.Exit exit =
            ChildJvm.run(
                command,
                logs.resolve("fixed-" + c.name() + "-" + round + ".log"),
                Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit.code() != 0) {
          throw new IllegalStateException(
              "fixed cost: " + c.name() + " exited " + exit.code() + ": " + exit.tail());
        }
        walls.get(c).add(seconds);
        err.printf(
            Locale.ROOT,
            "fixed cost round %d/%d: %s %.2f s%n",
            round + 1,
            rounds,
            c.name(),
            seconds);
        err.flush();
      }
    }
    List<Measured> measured = new ArrayList<>();
    Map<String, Spread> byName = new LinkedHashMap<>();
    for (Case c : cases) {
      Spread s = Spread.of(walls.get(c));
      measured.add(new Measured(c, s));
      byName.put(c.name(), s);
    }
    out.println(
        "fixed cost (whole processes, wall seconds, median (min to max) of " + rounds + "):");
    for (Measured m : measured) {
      out.printf(
          Locale.ROOT,
          "  %-15s %-28s %s%n",
          m.c().name(),
          m.wall().seconds(),
          m.c().reference() == null
              ? "(reference)"
              : "x"
                  + Spread.ratio(m.wall(), byName.get(m.c().reference()))
                  + " of "
                  + m.c().reference());
    }
    out.println(
        measured.stream()
            .filter(m -> m.c().reference() != null)
            .map(
                m ->
                    m.c().name()
                        + "/"
                        + m.c().reference()
                        + "="
                        + Spread.ratio(m.wall(), byName.get(m.c().reference())))
            .collect(Collectors.joining(" ", "fixed-cost ", "")));
    if (results != null) {
      append(results, commit, rounds, measured, byName);
    }
    return Collections.unmodifiableList(measured);
  }

  private static void append(
      Path file, String commit, int rounds, List<Measured> measured, Map<String, Spread> byName) {
    StringBuilder lines = new StringBuilder();
    String now = Instant.now().toString();
    for (Measured m : measured) {
      Spread ref = m.c().reference() == null ? null : byName.get(m.c().reference());
      lines.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%s,%d,%.3f,%.3f,%.3f,%s,%s%n",
              commit,
              now,
              m.c().name(),
              m.c().reference() == null ? "" : m.c().reference(),
              rounds,
              m.wall().median(),
              m.wall().min(),
              m.wall().max(),
              ref == null ? "" : String.format(Locale.ROOT, "%.3f", ref.median()),
              ref == null ? "" : Spread.ratio(m.wall(), ref)));
    }
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, HEADER + "\n");
      } else if (!Files.readAllLines(file).stream().findFirst().orElse("").equals(HEADER)) {
        throw new IllegalStateException(
            "the fixed-cost results file " + file + " has another header; move it aside");
      }
      Files.writeString(file, lines.toString(), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}
