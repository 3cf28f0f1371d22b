package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.common.metrics.shadow.PairFigures;
import io.steward.common.metrics.shadow.PairRecords;
import io.steward.common.metrics.shadow.PairTally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shadow comparison's figures against an independent computation ({@code
 * scripts/crosscheck/shadow_reference.py}: numpy, scikit-learn, Fairlearn) on generated pairs with
 * a known share of flipped decisions and a known score shift, to 1e-9.
 */
class ShadowCrossCheckTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"1, 0.0, 0.0", "2, 0.02, 0.05", "3, 0.15, 0.30"})
  void figuresMatchTheReference(long seed, double shift, double flips) throws Exception {
    Random r = new Random(seed);
    PairRecords records = new PairRecords(List.of("group"));
    List<String> csv = new ArrayList<>();
    csv.add(
        "champion_score,challenger_score,champion_decision,challenger_decision,label,group,"
            + "champion_rows");
    int n = 4000;
    int[] groups = {
      records.groupCode(0, "a"), records.groupCode(0, "b"), records.groupCode(0, "c")
    };
    int champion = records.versionCode("v1");
    int challenger = records.versionCode("v2");
    long championRows = 0;
    for (int i = 0; i < n; i++) {
      long id = r.nextLong();
      // Four decimals: the AUC's score bins are then exact.
      double c = Math.round(r.nextDouble() * 10_000) / 10_000.0;
      double x = Math.min(1, Math.max(0, Math.round((c + shift) * 10_000) / 10_000.0));
      double cd = c >= 0.5 ? 1 : 0;
      double xd = r.nextDouble() < flips ? 1 - (x >= 0.5 ? 1 : 0) : (x >= 0.5 ? 1 : 0);
      if (i % 50 == 0) {
        xd = Double.NaN;
      }
      double label = i % 5 == 0 ? Double.NaN : (r.nextDouble() < c ? 1 : 0);
      int g = i % 7 == 0 ? 2 : i % 2;
      records.add(id, champion, c, cd, label, new int[] {groups[g]});
      records.add(id, challenger, x, xd, label, new int[] {groups[g]});
      championRows++;
      csv.add(
          c
              + ","
              + x
              + ","
              + cell(cd)
              + ","
              + cell(xd)
              + ","
              + cell(label)
              + ","
              + "abc".charAt(g)
              + ",");
    }
    // Rows of the champion that no challenger row pairs: in coverage's denominator only.
    for (int i = 0; i < 1000; i++) {
      records.add(r.nextLong(), champion, 0.5, 1, Double.NaN, new int[] {groups[0]});
      championRows++;
    }
    csv.set(1, csv.get(1) + championRows);
    Path pairs = dir.resolve("pairs.csv");
    Files.write(pairs, csv);
    Path out = dir.resolve("out.json");
    ReferencePython.run(
        "shadow_reference.py", "--pairs", pairs.toString(), "--out", out.toString());
    JsonNode ref = new ObjectMapper().readTree(out.toFile());

    PairTally t = records.pairUp("v1", 1.0).get("v2");
    PairFigures f = PairFigures.of(t, 0);
    assertEquals(ref.get("pairs").asLong(), f.pairs());
    near(ref, "coverage", f.coverage());
    near(ref, "agreement", f.agreement());
    near(ref, "mean_abs_diff", f.meanAbsDiff());
    near(ref, "p95_abs_diff", f.p95AbsDiff());
    near(ref, "score_psi", f.scorePsi());
    near(ref, "champion_auc", PairFigures.metric(f.champion(), "auc").value());
    near(ref, "challenger_auc", PairFigures.metric(f.challenger(), "auc").value());
    near(ref, "champion_parity", f.championParity().get("group"));
    near(ref, "challenger_parity", f.challengerParity().get("group"));
    if (shift > 0.1) {
      assertTrue(f.scorePsi() > 0.1, "a shift of " + shift + " shows in the PSI");
    }
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static void near(JsonNode ref, String key, Double ours) {
    JsonNode v = ref.get(key);
    assertTrue(v != null && !v.isNull(), key + " is null in the reference");
    assertTrue(ours != null, key + " is null here");
    assertEquals(v.asDouble(), ours, 1e-9, key);
  }
}
