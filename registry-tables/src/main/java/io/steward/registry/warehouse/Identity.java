package io.steward.registry.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Who is acting: the process's Hadoop user, as for every Hadoop tool (the Kerberos principal on a
 * secured cluster, else {@code HADOOP_USER_NAME}, else the OS user). Never a free-text flag.
 */
public final class Identity {
  private Identity() {}

  public static String currentUser() {
    try {
      return UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell the current Hadoop user", e);
    }
  }

  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
