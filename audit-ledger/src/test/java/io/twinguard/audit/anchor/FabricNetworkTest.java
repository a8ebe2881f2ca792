package io.twinguard.audit.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricNetworkTest {

  @TempDir Path dir;

  @Test
  void read_propertiesWrittenByTheScript_givesEverySetting() throws IOException {
    Path keystore = Files.createDirectories(dir.resolve("keystore"));
    Path key = Files.writeString(keystore.resolve("priv_sk"), "key");
    write("clientKeyDir=" + keystore);

    FabricNetwork network = FabricNetwork.read(dir);

    assertEquals("twinguard", network.channel());
    assertEquals("audit-anchor", network.chaincode());
    assertEquals("Org1MSP", network.mspId());
    assertEquals("127.0.0.1:27060", network.peerEndpoint());
    assertEquals("peer0.org1.twinguard.test", network.peerHostOverride());
    assertEquals(Path.of("/n/ca.crt"), network.peerTlsCaCert());
    assertEquals(key, network.clientKey());
  }

  @Test
  void read_keystoreWithoutExactlyOneKey_fails() throws IOException {
    Path keystore = Files.createDirectories(dir.resolve("keystore"));
    write("clientKeyDir=" + keystore);

    IOException e = assertThrows(IOException.class, () -> FabricNetwork.read(dir));
    assertTrue(e.getMessage().contains("expected one private key"), e.getMessage());
  }

  @Test
  void read_missingSetting_namesIt() throws IOException {
    Path keystore = Files.createDirectories(dir.resolve("keystore"));
    Files.writeString(keystore.resolve("priv_sk"), "key");
    Files.writeString(dir.resolve(FabricNetwork.PROPERTIES_FILE), "channel=twinguard\nclientKeyDir=" + keystore + "\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FabricNetwork.read(dir));
    assertTrue(e.getMessage().contains("lacks"), e.getMessage());
  }

  private void write(String keyDirLine) throws IOException {
    Files.writeString(dir.resolve(FabricNetwork.PROPERTIES_FILE), String.join("\n",
        "channel=twinguard",
        "chaincode=audit-anchor",
        "mspId=Org1MSP",
        "peerEndpoint=127.0.0.1:27060",
        "peerHostOverride=peer0.org1.twinguard.test",
        "peerTlsCaCert=/n/ca.crt",
        "clientCert=/n/cert.pem",
        keyDirLine,
        ""));
  }
}
