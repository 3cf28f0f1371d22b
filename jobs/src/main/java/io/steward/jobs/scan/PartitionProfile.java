package io.steward.jobs.scan;

import io.steward.common.metrics.drift.SlotSink;
import io.steward.common.metrics.operational.LogSketch;
import io.steward.common.metrics.shadow.PairRecords;
import io.steward.common.metrics.window.GroupTally;
import io.steward.common.metrics.window.Outcomes;
import io.steward.common.metrics.window.Rejection;
import io.steward.common.metrics.window.WindowState;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.results.WindowProfiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * One partition's share of the window profiles: every row of the partition is read once, straight
 * from Spark's binary row ({@link ProfileInput}), and added to the state of each window it counts
 * in (its DAY window, and its WEEK window when a week closes). Text values (slices, status, source)
 * are numbered per partition as they are first seen, so a row costs one hash lookup per text column
 * and array updates otherwise; the numbers become names again when the partition's states are
 * emitted. Runs on an executor, one instance per task.
 */
final class PartitionProfile implements SlotSink {

  /** A window of one model version: the key of the profiles. */
  record WindowKey(int model, String version, boolean week, long startMicros)
      implements java.io.Serializable {}

  /**
   * The version of the key under which shadow mode's rows of a model's night travel: every version
   * of the model together, paired by id in the task of their share.
   */
  static final String PAIRS = "\u0000pairs";

  /** A window's key and the share of its prediction-id hashes (bucket >= 0) or its state (-1). */
  record ShuffleKey(WindowKey window, int bucket) implements java.io.Serializable {}

  private final ModelRules[] rules;
  private final ProfileInput layout;
  private final TextIds[] sliceIds;
  private final TextIds statusIds = new TextIds();
  private final TextIds sourceIds = new TextIds();
  private final Attribute[][] attributes;
  private final boolean[][] okStatus;
  private final int[] protectedCounts;
  private final Map<WindowKey, Partial> partials = new HashMap<>();
  private final Map<WindowKey, PairRecords> pairs = new HashMap<>();

  /** Version names by their bytes, so that a paired row does not decode its version again. */
  private final Map<UTF8String, String> versionNames = new HashMap<>();

  private final Recent[] recent;

  // The current row, computed once and added to each of its windows.
  private int[] slots = new int[64];
  private int slotCount;
  private final int[] rejections = new int[Rejection.values().length];
  private final int[] rowSliceIds;
  private final int[] rowGroups;
  private double label;
  private double predicted;
  private double score;
  private int scoreBin;
  private double loss;
  private double brier;
  private long extraLabelCopies;
  private int latencyIndex;
  private int statusId;
  private boolean error;
  private int sourceId;
  private int lagIndex;

  PartitionProfile(ModelRules[] rules, ProfileInput layout) {
    this.rules = rules;
    this.layout = layout;
    this.sliceIds = new TextIds[layout.slices()];
    for (int i = 0; i < sliceIds.length; i++) {
      sliceIds[i] = new TextIds();
    }
    this.attributes = new Attribute[rules.length][];
    this.okStatus = new boolean[rules.length][];
    this.recent = new Recent[rules.length];
    this.protectedCounts = new int[rules.length];
    int maxAttributes = 0;
    for (int m = 0; m < rules.length; m++) {
      ModelRules r = rules[m];
      attributes[m] = new Attribute[r.attributes().size()];
      for (int a = 0; a < attributes[m].length; a++) {
        int[] columns = r.attributeColumns().get(a);
        int[] positions = new int[columns.length];
        for (int c = 0; c < columns.length; c++) {
          positions[c] = r.columns().slices()[columns[c]];
        }
        attributes[m][a] = new Attribute(positions);
      }
      maxAttributes = Math.max(maxAttributes, attributes[m].length);
      okStatus[m] = new boolean[0];
      protectedCounts[m] = r.protectedCount();
      recent[m] = new Recent();
    }
    this.rowSliceIds = new int[layout.slices()];
    this.rowGroups = new int[maxAttributes];
  }

  @Override
  public void count(int slot) {
    if (slotCount == slots.length) {
      slots = Arrays.copyOf(slots, slots.length * 2);
    }
    slots[slotCount++] = slot;
  }

  /** Adds one input row. */
  void add(InternalRow row) {
    int model = row.getInt(ProfileInput.MODEL);
    ModelRules r = rules[model];
    UTF8String version =
        row.isNullAt(ProfileInput.VERSION) ? null : row.getUTF8String(ProfileInput.VERSION);
    Partial day =
        row.isNullAt(ProfileInput.DAY)
            ? null
            : partial(model, version, false, row.getLong(ProfileInput.DAY));
    Partial week =
        row.isNullAt(ProfileInput.WEEK)
            ? null
            : partial(model, version, true, row.getLong(ProfileInput.WEEK));
    if (day == null && week == null) {
      return;
    }
    if (row.isNullAt(ProfileInput.TS)) {
      // Only the run's last night takes the rows without a timestamp (WindowInputs).
      if (day != null) {
        day.state.reject(Rejection.TIMESTAMP_MISSING);
      }
      return;
    }
    long ts = row.getLong(ProfileInput.TS);
    if (ts > r.futureAfterMicros()) {
      for (Partial p : new Partial[] {day, week}) {
        if (p != null) {
          p.state.reject(Rejection.FUTURE_TIMESTAMP);
        }
      }
      return;
    }
    read(model, r, row, ts);
    if (day != null) {
      addTo(day, r, row, ts);
      if (r.shadow() != null) {
        pair(model, r, row, version, day.key.startMicros());
      }
    }
    if (week != null) {
      addTo(week, r, row, ts);
    }
  }

  /** Computes the current row's contributions. */
  private void read(int model, ModelRules r, InternalRow row, long ts) {
    Arrays.fill(rejections, 0);
    slotCount = 0;
    int[] numeric = r.columns().numeric();
    boolean notFinite = false;
    for (int j = 0; j < numeric.length; j++) {
      int ordinal = layout.numericOrdinal(numeric[j]);
      double v = row.isNullAt(ordinal) ? Double.NaN : row.getDouble(ordinal);
      if (!Double.isFinite(v)) {
        // NaN and infinities count as missing; a non-null one is bad input, counted once per
        // row (the score's own check counts a bad score, which output drift also reads).
        notFinite |= !row.isNullAt(ordinal) && !r.numeric().isScore(j);
        v = Double.NaN;
      }
      r.numeric().count(j, v, this);
    }
    if (notFinite) {
      rejections[Rejection.FEATURE_NOT_FINITE.ordinal()]++;
    }
    int[] categorical = r.columns().categorical();
    for (int j = 0; j < categorical.length; j++) {
      int ordinal = layout.categoricalOrdinal(categorical[j]);
      r.categorical().count(j, row.isNullAt(ordinal) ? null : row.getUTF8String(ordinal), this);
    }

    label = label(r, row);
    extraLabelCopies = 0;
    if (!row.isNullAt(ProfileInput.LABEL_COPIES) && row.getLong(ProfileInput.LABEL_COPIES) > 1) {
      extraLabelCopies = row.getLong(ProfileInput.LABEL_COPIES) - 1;
    }
    score = Double.NaN;
    if (r.binary()) {
      if (!row.isNullAt(ProfileInput.SCORE)) {
        double v = row.getDouble(ProfileInput.SCORE);
        if (v >= 0 && v <= 1) {
          score = v;
        } else {
          rejections[Rejection.SCORE_OUTSIDE_0_1.ordinal()]++;
        }
      }
      if (r.hasPrediction()) {
        predicted = validClass(row);
      } else {
        predicted = Double.isNaN(score) ? Double.NaN : score >= r.decisionThreshold() ? 1.0 : 0.0;
      }
      scoreBin = -1;
      if (!Double.isNaN(label) && !Double.isNaN(score)) {
        boolean positive = label == 1.0;
        scoreBin = Outcomes.scoreBin(score);
        loss = Outcomes.logLoss(positive, score);
        brier = (score - label) * (score - label);
      }
    } else {
      predicted = regressionPrediction(r, row);
    }

    int[] slices = r.columns().slices();
    for (int position : slices) {
      rowSliceIds[position] = sliceIds[position].id(row, layout.sliceOrdinal(position));
    }
    if (r.binary()) {
      Attribute[] as = attributes[model];
      for (int a = 0; a < as.length; a++) {
        rowGroups[a] = as[a].group(rowSliceIds);
      }
    }

    latencyIndex = -1;
    if (r.hasLatency() && !row.isNullAt(ProfileInput.LATENCY)) {
      double ms = row.getDouble(ProfileInput.LATENCY);
      if (ms >= 0 && !Double.isInfinite(ms)) {
        latencyIndex = LogSketch.index(ms);
      } else {
        rejections[Rejection.NEGATIVE_LATENCY.ordinal()]++;
      }
    }
    error = false;
    statusId = -1;
    if (r.hasStatus()) {
      statusId = statusIds.id(row, ProfileInput.STATUS);
      error = !row.isNullAt(ProfileInput.STATUS) && !ok(model, r, statusId);
    }
    sourceId = r.hasSource() ? sourceIds.id(row, ProfileInput.SOURCE) : -1;
    lagIndex = -1;
    if (r.hasLabelTime() && !Double.isNaN(label) && !row.isNullAt(ProfileInput.LABEL_TS)) {
      double hours = (row.getLong(ProfileInput.LABEL_TS) - ts) / 3.6e9;
      if (hours >= 0) {
        lagIndex = LogSketch.index(hours);
      } else {
        rejections[Rejection.LABEL_BEFORE_PREDICTION.ordinal()]++;
      }
    }
  }

  /**
   * Keeps the current row for shadow mode's pairing: its id hash, version, score, decision, label
   * and groups. A row with no valid score pairs nothing (its rejection is counted by its window).
   */
  private void pair(int model, ModelRules r, InternalRow row, UTF8String version, long day) {
    if (Double.isNaN(score) || !r.checksIds()) {
      return;
    }
    PairRecords records =
        pairs.computeIfAbsent(
            new WindowKey(model, PAIRS, false, day), k -> new PairRecords(r.attributes()));
    records.add(
        row.getLong(ProfileInput.ID_HASH),
        records.versionCode(versionName(version)),
        score,
        predicted,
        label,
        rowGroups);
  }

  private String versionName(UTF8String version) {
    if (version == null) {
      return WindowProfiler.MISSING;
    }
    String name = versionNames.get(version);
    if (name == null) {
      name = version.toString();
      // The row's bytes may be reused for the next row: the key is a copy.
      versionNames.put(version.clone(), name);
    }
    return name;
  }

  /** Adds the current row's contributions to one window's state. */
  private void addTo(Partial p, ModelRules r, InternalRow row, long ts) {
    WindowState s = p.state;
    s.rows++;
    for (int i = 0; i < slotCount; i++) {
      s.countSlot(slots[i]);
    }
    s.newestMicros = Math.max(s.newestMicros, ts);
    s.countMinute((int) ((ts - p.key.startMicros()) / 60_000_000L));
    if (r.checksIds()) {
      s.addIdHash(row.getLong(ProfileInput.ID_HASH));
    }
    for (int i = 0; i < rejections.length; i++) {
      s.rejected[i] += rejections[i];
    }
    if (r.hasVersion() && row.isNullAt(ProfileInput.VERSION)) {
      s.rejected[Rejection.VERSION_MISSING.ordinal()]++;
    }
    s.rejected[Rejection.DUPLICATE_LABEL_ID.ordinal()] += extraLabelCopies;

    s.overall.row();
    addOutcome(s.overall, r);
    int protectedCount = protectedCounts[p.key.model()];
    int[] slices = r.columns().slices();
    for (int j = 0; j < r.otherSlices().size(); j++) {
      Outcomes o = p.slice(j, rowSliceIds[slices[protectedCount + j]]);
      o.row();
      addOutcome(o, r);
    }
    if (r.binary()) {
      for (int a = 0; a < r.attributes().size(); a++) {
        p.group(a, rowGroups[a]).add(predicted, label, r.favorable());
      }
    }
    if (latencyIndex >= 0) {
      s.countLatencyIndex(latencyIndex);
    }
    if (statusId >= 0) {
      p.status = increment(p.status, statusId);
      if (error) {
        s.errors++;
      }
    }
    if (sourceId >= 0) {
      p.sources = increment(p.sources, sourceId);
      if (error) {
        p.sourceErrors = increment(p.sourceErrors, sourceId);
      }
    }
    if (lagIndex >= 0) {
      s.countLabelLagIndex(lagIndex);
    }
  }

  private void addOutcome(Outcomes o, ModelRules r) {
    if (Double.isNaN(label)) {
      return;
    }
    if (r.binary()) {
      o.binary(label == 1.0, predicted, scoreBin, loss, brier);
    } else if (Double.isNaN(predicted)) {
      o.labeledOnly();
    } else {
      o.regression(label, predicted);
    }
  }

  /** The row's label, NaN when it has none or an invalid one (counted). */
  private double label(ModelRules r, InternalRow row) {
    if (!row.getBoolean(ProfileInput.LABEL_PRESENT)) {
      return Double.NaN;
    }
    if (row.isNullAt(ProfileInput.LABEL)) {
      rejections[Rejection.LABEL_OUTSIDE_CLASSES.ordinal()]++;
      return Double.NaN;
    }
    double y = row.getDouble(ProfileInput.LABEL);
    boolean valid = r.binary() ? y == 0.0 || y == 1.0 : Double.isFinite(y);
    if (!valid) {
      rejections[Rejection.LABEL_OUTSIDE_CLASSES.ordinal()]++;
      return Double.NaN;
    }
    return y;
  }

  private double validClass(InternalRow row) {
    if (!row.getBoolean(ProfileInput.PREDICTION_PRESENT)) {
      return Double.NaN;
    }
    if (!row.isNullAt(ProfileInput.PREDICTION)) {
      double p = row.getDouble(ProfileInput.PREDICTION);
      if (p == 0.0 || p == 1.0) {
        return p;
      }
    }
    rejections[Rejection.PREDICTION_INVALID.ordinal()]++;
    return Double.NaN;
  }

  private double regressionPrediction(ModelRules r, InternalRow row) {
    int column = r.hasPrediction() ? ProfileInput.PREDICTION : ProfileInput.SCORE;
    boolean present =
        r.hasPrediction()
            ? row.getBoolean(ProfileInput.PREDICTION_PRESENT)
            : !row.isNullAt(ProfileInput.SCORE);
    if (!present) {
      return Double.NaN;
    }
    if (!row.isNullAt(column) && Double.isFinite(row.getDouble(column))) {
      return row.getDouble(column);
    }
    rejections[Rejection.PREDICTION_INVALID.ordinal()]++;
    return Double.NaN;
  }

  /** Whether a status (by its number) is one of the model's good statuses. */
  private boolean ok(int model, ModelRules r, int id) {
    boolean[] known = okStatus[model];
    if (id >= known.length) {
      boolean[] grown = Arrays.copyOf(known, statusIds.size());
      for (int i = known.length; i < grown.length; i++) {
        grown[i] = r.okStatus().contains(statusIds.name(i));
      }
      okStatus[model] = grown;
      known = grown;
    }
    return known[id];
  }

  /** The state of a window, created on its first row; the last windows of each model are cached. */
  private Partial partial(int model, UTF8String version, boolean week, long start) {
    Recent c = recent[model];
    Partial cached = week ? c.week : c.day;
    if (cached != null
        && cached.key.startMicros() == start
        && (version == null ? c.version == null : version.equals(c.version))) {
      return cached;
    }
    WindowKey key = new WindowKey(model, version == null ? null : version.toString(), week, start);
    Partial p = partials.computeIfAbsent(key, Partial::new);
    p.state.model = model;
    if (version == null ? c.version != null : !version.equals(c.version)) {
      c.version = version == null ? null : version.copy();
      c.day = null;
      c.week = null;
    }
    if (week) {
      c.week = p;
    } else {
      c.day = p;
    }
    return p;
  }

  /**
   * The partition's states, with names for the numbered texts, keyed by window (bucket -1); and
   * each window's prediction-id hashes split into {@code buckets} shares, so that no single task
   * has to hold all the ids of a window to find the repeated ones.
   */
  List<Tuple2<ShuffleKey, WindowState>> emit(int buckets) {
    List<Tuple2<ShuffleKey, WindowState>> out = new ArrayList<>();
    for (Partial p : partials.values()) {
      WindowState s = p.named(rules[p.key.model()], this);
      long[] ids = Arrays.copyOf(s.idHashes, s.idCount);
      s.idHashes = new long[0];
      s.idCount = 0;
      out.add(new Tuple2<>(new ShuffleKey(p.key, -1), s));
      if (ids.length == 0) {
        continue;
      }
      int[] sizes = new int[buckets];
      for (long h : ids) {
        sizes[Math.floorMod(h, buckets)]++;
      }
      WindowState[] shares = new WindowState[buckets];
      for (int b = 0; b < buckets; b++) {
        if (sizes[b] > 0) {
          shares[b] = WindowState.ofIds(p.key.model(), sizes[b]);
        }
      }
      for (long h : ids) {
        shares[Math.floorMod(h, buckets)].addIdHash(h);
      }
      for (int b = 0; b < buckets; b++) {
        if (shares[b] != null) {
          out.add(new Tuple2<>(new ShuffleKey(p.key, b), shares[b]));
        }
      }
    }
    for (Map.Entry<WindowKey, PairRecords> e : pairs.entrySet()) {
      int model = e.getKey().model();
      PairRecords records = e.getValue();
      Attribute[] as = attributes[model];
      for (int a = 0; a < as.length; a++) {
        records.nameGroups(a, as[a]::name);
      }
      PairRecords[] shares = records.split(buckets);
      for (int b = 0; b < buckets; b++) {
        if (shares[b].size() > 0) {
          WindowState s = new WindowState();
          s.model = model;
          s.pairRecords = shares[b];
          out.add(new Tuple2<>(new ShuffleKey(e.getKey(), b), s));
        }
      }
    }
    return out;
  }

  private static long[] increment(long[] counts, int id) {
    if (id >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(id + 1, counts.length * 2));
    }
    counts[id]++;
    return counts;
  }

  /** The last windows a model's rows went to, and their version. */
  private static final class Recent {
    UTF8String version;
    Partial day;
    Partial week;
  }

  /** Numbers the distinct texts of one column as they are first seen; null is {@link #MISSING}. */
  static final class TextIds {
    private final HashMap<UTF8String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private int missing = -1;

    int id(InternalRow row, int ordinal) {
      if (row.isNullAt(ordinal)) {
        if (missing < 0) {
          missing = names.size();
          names.add(WindowProfiler.MISSING);
        }
        return missing;
      }
      UTF8String v = row.getUTF8String(ordinal);
      Integer id = ids.get(v);
      if (id == null) {
        id = names.size();
        ids.put(v.copy(), id);
        names.add(v.toString());
      }
      return id;
    }

    String name(int id) {
      return names.get(id);
    }

    int size() {
      return names.size();
    }
  }

  /**
   * The groups of one fairness attribute: a protected column's own text numbers, or for an
   * intersection a number per combination of its columns' numbers, with the combined name.
   */
  private final class Attribute {
    private final int[] positions;
    private final List<HashMap<Long, Integer>> levels = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    Attribute(int[] positions) {
      this.positions = positions;
      for (int i = 1; i < positions.length; i++) {
        levels.add(new HashMap<>());
      }
    }

    /**
     * The group of a row: for an intersection, the first two columns' numbers are numbered as a
     * pair, that number and the third column's as the next pair, and so on.
     */
    int group(int[] rowIds) {
      int id = rowIds[positions[0]];
      for (int i = 1; i < positions.length; i++) {
        long pair = ((long) id << 32) | rowIds[positions[i]];
        HashMap<Long, Integer> level = levels.get(i - 1);
        Integer next = level.get(pair);
        if (next == null) {
          next = level.size();
          level.put(pair, next);
          if (i == positions.length - 1) {
            names.add(combinedName(rowIds));
          }
        }
        id = next;
      }
      return id;
    }

    private String combinedName(int[] rowIds) {
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < positions.length; i++) {
        if (i > 0) {
          name.append(MonitorSpec.INTERSECTION_SEPARATOR);
        }
        name.append(sliceIds[positions[i]].name(rowIds[positions[i]]));
      }
      return name.toString();
    }

    String name(int group) {
      return positions.length == 1 ? sliceIds[positions[0]].name(group) : names.get(group);
    }
  }

  /** One window's state in this partition, with its groups and counts kept by text number. */
  private static final class Partial {
    final WindowKey key;
    final WindowState state = new WindowState();
    final List<Outcomes[]> slices = new ArrayList<>();
    final List<GroupTally[]> groups = new ArrayList<>();
    long[] status = new long[0];
    long[] sources = new long[0];
    long[] sourceErrors = new long[0];

    Partial(WindowKey key) {
      this.key = key;
    }

    Outcomes slice(int j, int id) {
      return cell(slices, j, id, Outcomes[]::new, Outcomes::new);
    }

    GroupTally group(int a, int id) {
      return cell(groups, a, id, GroupTally[]::new, GroupTally::new);
    }

    /** The cell {@code id} of list {@code j}, the list and the cell made when first asked for. */
    private static <T> T cell(
        List<T[]> lists, int j, int id, IntFunction<T[]> array, Supplier<T> make) {
      while (lists.size() <= j) {
        lists.add(array.apply(0));
      }
      T[] byId = lists.get(j);
      if (id >= byId.length) {
        byId = Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
        lists.set(j, byId);
      }
      if (byId[id] == null) {
        byId[id] = make.get();
      }
      return byId[id];
    }

    /** Cells by the name of their number; numbers sharing a name are merged. */
    private static <T> HashMap<String, T> byName(
        T[] byId, IntFunction<String> name, BiConsumer<T, T> merge) {
      HashMap<String, T> out = new HashMap<>();
      for (int id = 0; id < byId.length; id++) {
        if (byId[id] != null) {
          out.merge(
              name.apply(id),
              byId[id],
              (x, y) -> {
                merge.accept(x, y);
                return x;
              });
        }
      }
      return out;
    }

    /** The state with its groups, statuses and sources under their names. */
    WindowState named(ModelRules r, PartitionProfile owner) {
      int protectedCount = r.protectedCount();
      int[] positions = r.columns().slices();
      for (int j = 0; j < slices.size(); j++) {
        TextIds names = owner.sliceIds[positions[protectedCount + j]];
        state.slices.add(byName(slices.get(j), names::name, Outcomes::merge));
      }
      for (int a = 0; a < groups.size(); a++) {
        Attribute attribute = owner.attributes[key.model()][a];
        state.groups.add(byName(groups.get(a), attribute::name, GroupTally::merge));
      }
      for (int id = 0; id < status.length; id++) {
        if (status[id] > 0) {
          state.status.merge(
              owner.statusIds.name(id), new long[] {status[id]}, WindowState::addCounts);
        }
      }
      for (int id = 0; id < sources.length; id++) {
        if (sources[id] > 0) {
          long errors = id < sourceErrors.length ? sourceErrors[id] : 0;
          state.sources.merge(
              owner.sourceIds.name(id), new long[] {sources[id], errors}, WindowState::addCounts);
        }
      }
      return state;
    }
  }
}
