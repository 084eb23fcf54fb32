package io.hookstream.service;

import io.hookstream.config.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Start-time checks that a port can be listened on, so a taken port fails in the first second. */
public final class Ports {
  private Ports() {}

  /**
   * Throws a {@link ConfigException} naming {@code variable} when {@code host:port} cannot be
   * bound right now (another process listens there, or the host is not this machine's).
   * Port 0 (any free port) always passes.
   */
  public static void requireFree(String host, int port, String variable) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      // As Jetty and Kafka bind: an address in TIME_WAIT does not count as taken.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new ConfigException(variable, String.valueOf(port), "cannot be listened on at "
          + host + ":" + port + " (" + e.getMessage() + "): another process has it; stop it or"
          + " set " + variable + " to a free port");
    }
  }
}
