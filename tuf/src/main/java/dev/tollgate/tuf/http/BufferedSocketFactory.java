package dev.tollgate.tuf.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets whose input is read from the kernel in large blocks. OkHttp's I/O layer asks the
 * socket for at most 8 KiB per read, so a multi-GiB target costs hundreds of thousands of system
 * calls; behind this buffer each call takes what the kernel has, up to {@link #RECEIVE_BUFFER}.
 * Timeouts and TLS (layered on top of these sockets) are unchanged.
 */
final class BufferedSocketFactory extends SocketFactory {
  static final int RECEIVE_BUFFER = 1 << 18;

  @Override
  public Socket createSocket() {
    return new BufferedSocket();
  }

  // OkHttp only creates unconnected sockets and connects them itself (with its connect timeout).
  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
    throw new UnsupportedOperationException("connect through createSocket() and Socket.connect");
  }

  private static final class BufferedSocket extends Socket {
    private InputStream input;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        input = new BufferedInputStream(super.getInputStream(), RECEIVE_BUFFER);
      }
      return input;
    }
  }
}
