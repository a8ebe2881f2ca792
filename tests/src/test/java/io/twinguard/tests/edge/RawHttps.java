package io.twinguard.tests.edge;

import io.twinguard.examples.demo.Ecosystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client that writes raw bytes to the broker over TLS 1.3 with a twin's certificate, so that a
 * test can send what no well-behaved HTTP client would (two Host lines, control characters, a
 * broken request line), and reads the answer as bytes. One connection per request; sessions are
 * resumed.
 */
final class RawHttps {

  /** An answer: status, headers (lower-case names, last value wins), body; status 0 when none came. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final SSLContext tls;
  private final int port;

  RawHttps(Ecosystem ecosystem, String twin, int port) throws GeneralSecurityException, IOException {
    Ecosystem.Credentials credentials = ecosystem.twin(twin);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("twin", credentials.keyPair().getPrivate(), new char[0],
        new Certificate[] {credentials.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", ecosystem.trust().caCertificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    this.tls = SSLContext.getInstance("TLSv1.3");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    this.port = port;
  }

  /** Sends {@code request} as it is and reads the answer until the broker closes the connection. */
  Answer send(byte[] request) throws IOException {
    return send(request, false);
  }

  /**
   * Sends {@code request} as it is and reads the answer; with {@code thenClose} the client closes its
   * side at once (TLS close_notify), for a request that says it has more body than it sends, which
   * then gets no answer.
   */
  Answer send(byte[] request, boolean thenClose) throws IOException {
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setEnabledProtocols(new String[] {"TLSv1.3"});
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      if (thenClose) {
        socket.shutdownOutput();
      }
      boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
      return read(socket.getInputStream(), head);
    }
  }

  /** Reads until the answer is whole (an answer to HEAD has no body, whatever its Content-Length). */
  private static Answer read(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        all.write(chunk, 0, n);
        if (complete(all.toByteArray(), head)) {
          break;
        }
      }
    } catch (SocketTimeoutException | javax.net.ssl.SSLException closed) {
      // what arrived is the answer
    }
    return parse(all.toByteArray());
  }

  /** Whether the bytes hold a whole answer (headers and a body of its Content-Length). */
  private static boolean complete(byte[] bytes, boolean head) {
    int end = headerEnd(bytes);
    if (end < 0) {
      return false;
    }
    if (head) {
      return true;
    }
    String length = headers(new String(bytes, 0, end, StandardCharsets.ISO_8859_1)).get("content-length");
    return length != null && bytes.length >= end + 4 + Integer.parseInt(length.trim());
  }

  private static Answer parse(byte[] bytes) {
    int end = headerEnd(bytes);
    if (end < 0) {
      return new Answer(0, Map.of(), bytes);
    }
    String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    String[] statusLine = head.split("\r\n", 2)[0].split(" ", 3);
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    return new Answer(Integer.parseInt(statusLine[1]), headers(head), body);
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> lines = List.of(head.split("\r\n"));
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static int headerEnd(byte[] bytes) {
    for (int i = 0; i + 3 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
