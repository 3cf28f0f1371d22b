package io.steward.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A program's figures of the night, handed from its child JVM to the parent: one {@code
 * key<TAB>value} line per figure, the value as Java prints a double (read back exactly).
 */
final class FiguresFile {
  private FiguresFile() {}

  static void write(Path file, Map<String, Double> figures) {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(figures).forEach((k, v) -> lines.add(k + "\t" + v));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bench figures file " + file, e);
    }
  }

  static Map<String, Double> read(Path file) {
    Map<String, Double> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int tab = line.lastIndexOf('\t');
        if (tab < 1) {
          throw new IllegalStateException(
              "bench figures file " + file + " has a bad line: " + line);
        }
        out.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bench figures file " + file, e);
    }
    return out;
  }
}
