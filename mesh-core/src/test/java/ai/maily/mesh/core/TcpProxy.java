package ai.maily.mesh.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on a loopback port to a real service, which a test can cut (every connection closed,
 * the port refusing new ones) and restore (the same port accepting again): the service's outage as
 * its clients see it, without stopping a service the machine shares.
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> sockets = new ArrayList<>();
  private ServerSocket server;
  private Thread accepting;

  private TcpProxy(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  /** A proxy to {@code host:port}, accepting on a free loopback port. */
  public static TcpProxy to(String host, int port) {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port), free);
    proxy.restore();
    return proxy;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return port;
  }

  /** Accepts connections again, on the same port. */
  public synchronized void restore() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket listening = new ServerSocket();
      listening.setReuseAddress(true);
      listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = listening;
      accepting = new Thread(() -> accept(listening), "tcp-proxy-accept-" + port);
      accepting.setDaemon(true);
      accepting.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes every connection through the proxy and stops accepting new ones. */
  public void cut() {
    Thread stopping;
    synchronized (this) {
      closeQuietly(server);
      server = null;
      sockets.forEach(TcpProxy::closeQuietly);
      sockets.clear();
      stopping = accepting;
      accepting = null;
    }
    // The port is free once the thread blocked in accept has left it.
    if (stopping != null) {
      try {
        stopping.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 3000);
        synchronized (this) {
          if (server != listening) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
          }
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // the proxy was cut, or the target refused: the client sees its connection fail
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed; the other is closed below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // closing is all that is asked
    }
  }

  @Override
  public void close() {
    cut();
  }
}
