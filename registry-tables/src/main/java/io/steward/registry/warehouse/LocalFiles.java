package io.steward.registry.warehouse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a child process per file. Without Hadoop's
 * native library, which no Maven artifact ships, {@link RawLocalFileSystem} runs {@code chmod} for
 * every file it creates and {@code readlink} for every rename: a nightly run's Delta commits start
 * about 150 such processes. Here permissions are set, and links recognised, through {@code
 * java.nio} (Hadoop's {@code readlink} is given the path with its {@code file:} scheme, so it never
 * finds a link; this does); everything else, checksum files included, is Hadoop's own. Used for
 * {@code file:} when Spark runs embedded ({@link StewardSpark}); clusters keep their own settings.
 */
public final class LocalFiles extends LocalFileSystem {
  public LocalFiles() {
    super(new Raw());
  }

  /** The file system under the checksums. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> set = posix(permission);
      if (set == null) {
        super.setPermission(p, permission);
      } else {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
      }
    }

    /**
     * A file's or directory's own status; a symbolic link's is its target's, with the link's path
     * and target, as Hadoop describes links (a dangling link: length 0 and default permissions).
     */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      java.nio.file.Path local = pathToFile(f).toPath();
      if (!Files.isSymbolicLink(local)) {
        return getFileStatus(f);
      }
      Path target = new Path(Files.readSymbolicLink(local).toString());
      if (!Files.exists(local)) {
        return new FileStatus(
            0, false, 0, 0, 0, 0, FsPermission.getFileDefault(), "", "", target, f);
      }
      FileStatus s = getFileStatus(f);
      return new FileStatus(
          s.getLen(),
          false,
          s.getReplication(),
          s.getBlockSize(),
          s.getModificationTime(),
          s.getAccessTime(),
          s.getPermission(),
          s.getOwner(),
          s.getGroup(),
          target,
          f);
    }
  }

  /**
   * The permission as java.nio's set, or null when it has a bit java.nio cannot set (sticky): those
   * go through Hadoop.
   */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    if (permission.getStickyBit()) {
      return null;
    }
    // FsPermission prints the nine bits the way ls does (rw-r--r--), which java.nio parses.
    return PosixFilePermissions.fromString(permission.toString());
  }

  /** The same for Hadoop's FileContext, through which Delta writes its log. */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
