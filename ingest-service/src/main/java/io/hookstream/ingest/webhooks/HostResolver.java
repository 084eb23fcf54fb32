package io.hookstream.ingest.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks up a host name's addresses when a webhook URL is checked; tests give their own. */
@FunctionalInterface
public interface HostResolver {
  InetAddress[] resolve(String host) throws UnknownHostException;

  static HostResolver system() {
    return InetAddress::getAllByName;
  }
}
