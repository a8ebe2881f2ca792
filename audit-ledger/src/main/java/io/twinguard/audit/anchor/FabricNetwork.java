package io.twinguard.audit.anchor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where and as whom a client reaches the anchoring chaincode: a peer's gateway endpoint, the TLS
 * CA that signed the peer's certificate, and the client identity (MSP id, certificate, private
 * key).
 *
 * @param channel the channel the chaincode runs on
 * @param chaincode the chaincode name
 * @param mspId the client's MSP id
 * @param peerEndpoint the peer's {@code host:port}
 * @param peerHostOverride the name the peer's TLS certificate carries, used as TLS authority
 * @param peerTlsCaCert PEM file of the CA of the peer's TLS certificate
 * @param clientCert PEM file of the client's X.509 certificate
 * @param clientKey PEM file of the client's private key
 */
public record FabricNetwork(
    String channel,
    String chaincode,
    String mspId,
    String peerEndpoint,
    String peerHostOverride,
    Path peerTlsCaCert,
    Path clientCert,
    Path clientKey) {

  /** The file {@code scripts/fabric.sh up} writes into the network directory. */
  public static final String PROPERTIES_FILE = "network.properties";

  /** @throws IllegalArgumentException when a field is missing or blank */
  public FabricNetwork {
    for (String field : new String[] {channel, chaincode, mspId, peerEndpoint, peerHostOverride}) {
      if (field == null || field.isBlank()) {
        throw new IllegalArgumentException("every Fabric network setting is required");
      }
    }
    if (peerTlsCaCert == null || clientCert == null || clientKey == null) {
      throw new IllegalArgumentException("every Fabric network file is required");
    }
  }

  /**
   * Reads the settings that {@code scripts/fabric.sh up} wrote into a network directory
   * ({@code network.properties}): the client is org 1's User1, its key the only file in its MSP
   * keystore.
   *
   * @throws IOException when the file cannot be read or the keystore does not hold exactly one key
   * @throws IllegalArgumentException when a setting is missing
   */
  public static FabricNetwork read(Path networkDir) throws IOException {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(networkDir.resolve(PROPERTIES_FILE))) {
      p.load(reader);
    }
    Path keyDir = Path.of(required(p, "clientKeyDir"));
    List<Path> keys;
    try (Stream<Path> files = Files.list(keyDir)) {
      keys = files.filter(Files::isRegularFile).toList();
    }
    if (keys.size() != 1) {
      throw new IOException("expected one private key in " + keyDir + ", found " + keys.size());
    }
    return new FabricNetwork(
        required(p, "channel"),
        required(p, "chaincode"),
        required(p, "mspId"),
        required(p, "peerEndpoint"),
        required(p, "peerHostOverride"),
        Path.of(required(p, "peerTlsCaCert")),
        Path.of(required(p, "clientCert")),
        keys.get(0));
  }

  private static String required(Properties p, String name) {
    String value = p.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("network.properties lacks " + name);
    }
    return value.trim();
  }
}
