package io.steward.registry.warehouse;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log store for {@code file:} paths, with a commit that is atomic across processes.
 *
 * <p>Delta's optimistic concurrency rests on one guarantee from the store: writing commit file
 * {@code N.json} fails when the file already exists, atomically, so that of two writers that both
 * read version N-1 exactly one commits version N and the other sees the conflict, re-reads and
 * either retries or fails. Hadoop's local file system does not give it: it checks that the target
 * is absent and then renames onto it, two steps between which a second process can land its own
 * commit, which the rename then silently replaces. Two processes without Steward's lock (two hosts
 * on a shared file system, or a lock disabled) could each believe they committed the same version.
 *
 * <p>Here the commit is written to a hidden temporary file beside its target, flushed to disk, and
 * then hard-linked to the target name: {@code link(2)} creates the name only if it does not exist,
 * in one step, on local disks and on NFS alike. The loser gets {@link FileAlreadyExistsException},
 * which Delta turns into its concurrent-modification handling. Every other path (object stores,
 * HDFS) keeps Delta's own stores: this class is configured for the {@code file} scheme only ({@link
 * StewardSpark}).
 */
public final class LinkingLogStore extends HDFSLogStore {
  public LinkingLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    java.nio.file.Path target = local(path);
    if (target == null) {
      super.write(path, actions, overwrite, conf);
      return;
    }
    java.nio.file.Path dir = target.getParent();
    Files.createDirectories(dir);
    java.nio.file.Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID());
    try {
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        while (actions.hasNext()) {
          out.write(actions.next().getBytes(StandardCharsets.UTF_8));
          out.write('\n');
        }
      }
      try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      if (Boolean.TRUE.equals(overwrite)) {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        // Fails with FileAlreadyExistsException when another writer committed this version first.
        Files.createLink(target, temp);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return false;
  }

  /** The local file behind a {@code file:} (or scheme-less) path; null for any other store. */
  static java.nio.file.Path local(Path path) {
    String scheme = path.toUri().getScheme();
    if (scheme != null && !"file".equals(scheme)) {
      return null;
    }
    return java.nio.file.Path.of(path.toUri().getPath());
  }
}
