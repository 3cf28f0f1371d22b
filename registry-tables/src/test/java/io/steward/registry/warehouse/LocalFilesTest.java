package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void permissionBitsMapToJavaNio() {
    assertEquals(
        PosixFilePermissions.fromString("rw-r--r--"),
        LocalFiles.posix(new FsPermission((short) 0644)));
    assertEquals(
        PosixFilePermissions.fromString("rwxr-x---"),
        LocalFiles.posix(new FsPermission((short) 0750)));
    assertEquals(
        EnumSet.noneOf(PosixFilePermission.class), LocalFiles.posix(new FsPermission((short) 0)));
    assertNull(LocalFiles.posix(new FsPermission((short) 01777)));
  }

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", LocalFiles.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    conf.set("fs.AbstractFileSystem.file.impl", LocalFiles.Fs.class.getName());
    return conf;
  }

  @Test
  void writesRenamesAndListsLikeHadoopsOwnWithChecksums() throws Exception {
    FileSystem fs = FileSystem.get(dir.toUri(), conf());
    assertTrue(fs instanceof LocalFiles);
    Path file = new Path(dir.toUri().toString(), "a/b/part-0.txt");
    try (FSDataOutputStream out =
        fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    java.nio.file.Path local = dir.resolve("a/b/part-0.txt");
    assertEquals(
        PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(local));
    assertTrue(Files.exists(dir.resolve("a/b/.part-0.txt.crc")), "checksum file kept");

    Path moved = new Path(dir.toUri().toString(), "a/b/part-1.txt");
    assertTrue(fs.rename(file, moved));
    FileStatus s = fs.getFileLinkStatus(moved);
    assertFalse(s.isSymlink());
    assertEquals(5, s.getLen());
    try (FSDataInputStream in = fs.open(moved)) {
      byte[] b = new byte[5];
      in.readFully(b);
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), b);
    }
    assertThrows(
        FileNotFoundException.class,
        () -> fs.getFileLinkStatus(new Path(dir.toUri().toString(), "a/none")));

    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a/b/part-1.txt"));
    FileStatus link = fs.getFileLinkStatus(new Path(dir.toUri().toString(), "link"));
    assertTrue(link.isSymlink());
    assertEquals(dir.resolve("a/b/part-1.txt").toString(), link.getSymlink().toString());
    assertEquals(5, link.getLen());
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    FileStatus dangling = fs.getFileLinkStatus(new Path(dir.toUri().toString(), "dangling"));
    assertTrue(dangling.isSymlink());
    assertEquals(0, dangling.getLen());
  }

  @Test
  void fileContextRenamesOverwritingAsDeltaCommitsDo() throws Exception {
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
    Path tmp = new Path(dir.toUri().toString(), "_delta_log/.00000.json.tmp");
    Path done = new Path(dir.toUri().toString(), "_delta_log/00000.json");
    try (FSDataOutputStream out =
        fc.create(
            tmp,
            EnumSet.of(CreateFlag.CREATE),
            Options.CreateOpts.createParent(),
            Options.CreateOpts.perms(new FsPermission((short) 0644)))) {
      out.write('{');
    }
    fc.rename(tmp, done, Options.Rename.OVERWRITE);
    assertFalse(fc.util().exists(tmp));
    assertEquals(1, fc.getFileStatus(done).getLen());
    assertEquals(
        PosixFilePermissions.fromString("rw-r--r--"),
        Files.getPosixFilePermissions(dir.resolve("_delta_log/00000.json")));
  }
}
