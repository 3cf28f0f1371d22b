package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.registry.Dossier;
import io.steward.jobs.report.DossierHtml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward model dossier}: writes a model's evidence pack as one HTML file. */
@Command(
    name = "dossier",
    mixinStandardHelpOptions = true,
    description = "Write the evidence pack of a model as one HTML file.")
final class ModelDossierCommand extends RegistryCommand {
  @Option(names = "--id", required = true)
  String id;

  @Option(names = "--out", required = true, paramLabel = "FILE.html")
  Path out;

  @Override
  public Integer call() {
    return reading(
        ctx -> {
          Dossier d = Dossier.of(ctx, id);
          try {
            if (out.toAbsolutePath().getParent() != null) {
              Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(
                out, DossierHtml.render(d, ctx.warehouse().root()), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw Errors.fileUnreadable(out.toString(), e.toString());
          }
          out().println("wrote " + out);
          return StewardCli.OK;
        });
  }
}
