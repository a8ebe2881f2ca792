package io.twinguard.signing.cli;

import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard ca}: the ecosystem CA kept in a directory (see {@link CaDirectory}). Exit codes:
 * 0 done, 1 the CA refused (already initialised, unknown or revoked serial), 2 bad usage or an
 * unusable directory.
 */
@Command(name = "ca", mixinStandardHelpOptions = true,
    description = "Ecosystem CA: create it, issue twin and broker certificates, revoke them,"
        + " refresh the CRL.",
    subcommands = {CaCommand.Init.class, CaCommand.Issue.class, CaCommand.Revoke.class,
        CaCommand.Crl.class})
public final class CaCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code twinguard ca init}. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create a root CA for a trust domain in a new directory.")
  static final class Init implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "CA directory (created if missing)")
    Path dir;

    @Option(names = "--trust-domain", required = true, description = "e.g. city.example")
    String trustDomain;

    @Option(names = "--algorithm", defaultValue = "ed25519", converter = KeyAlgorithmOption.class,
        description = "CA key: ed25519 (default) or ecdsa-p256")
    KeyAlgorithm algorithm;

    @Override
    public Integer call() {
      return Outcome.run(spec, () -> {
        CaDirectory ca = CaDirectory.init(dir, new TrustDomain(trustDomain), algorithm, Clock.systemUTC());
        spec.commandLine().getOut().printf("created CA for trust domain %s in %s%n",
            ca.authority().trustDomain(), dir);
        spec.commandLine().getOut().printf("certificate: %s%n", dir.resolve(CaDirectory.CERT_FILE));
        spec.commandLine().getOut().printf("crl: %s%n", dir.resolve(CaDirectory.CRL_FILE));
        return Outcome.OK;
      });
    }
  }

  /** {@code twinguard ca issue}. */
  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = {"Issue a twin X.509-SVID (or, with --dns/--ip, a broker server certificate)"
          + " for a new key pair; writes <out>.key.pem and <out>.cert.pem.",
          "With --opcua: an OPC UA application instance certificate (RSA 2048, the SPIFFE ID as"
          + " application URI, --dns/--ip as the host, the key usages OPC UA requires) for a twin's"
          + " OPC UA server or the broker's opcua adapter."})
  static final class Issue implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "CA directory")
    Path dir;

    @Option(names = "--spiffe-id", description = "e.g. spiffe://city.example/twin/hvac-1")
    String spiffeId;

    @Option(names = "--dns", split = ",", description = "DNS names: issue a server certificate")
    List<String> dnsNames = List.of();

    @Option(names = "--ip", split = ",", description = "IP addresses: issue a server certificate")
    List<String> ipAddresses = List.of();

    @Option(names = "--out", required = true,
        description = "path prefix: writes <out>.key.pem and <out>.cert.pem")
    String out;

    @Option(names = "--algorithm", defaultValue = "ed25519", converter = KeyAlgorithmOption.class,
        description = "key: ed25519 (default) or ecdsa-p256")
    KeyAlgorithm algorithm;

    @Option(names = "--days", defaultValue = "30", description = "validity in days (default 30)")
    int days;

    @Option(names = "--opcua", description = "an OPC UA application instance certificate: RSA 2048"
        + " (--algorithm does not apply), needs --spiffe-id and --dns or --ip")
    boolean opcUa;

    @Override
    public Integer call() {
      if (spiffeId == null && dnsNames.isEmpty() && ipAddresses.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "give --spiffe-id for a twin, or --dns/--ip for a server certificate");
      }
      if (opcUa && (spiffeId == null || dnsNames.isEmpty() && ipAddresses.isEmpty())) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--opcua needs --spiffe-id (the application URI) and --dns or --ip (the host)");
      }
      return Outcome.run(spec, () -> {
        CaDirectory ca = CaDirectory.open(dir, Clock.systemUTC());
        SpiffeId id = spiffeId == null ? null : SpiffeId.parse(spiffeId);
        Duration validity = Duration.ofDays(days);
        CaDirectory.Issued issued = opcUa ? ca.issueOpcUa(id, dnsNames, ipAddresses, validity)
            : dnsNames.isEmpty() && ipAddresses.isEmpty()
            ? ca.issueTwin(id, algorithm, validity)
            : ca.issueServer(dnsNames, ipAddresses, id, algorithm, validity);
        Path keyFile = Path.of(out + ".key.pem");
        Path certFile = Path.of(out + ".cert.pem");
        write(keyFile, certFile, issued);
        var printer = spec.commandLine().getOut();
        printer.printf("serial: %s%n", issued.certificate().getSerialNumber().toString(16));
        printer.printf("key: %s%n", keyFile);
        printer.printf("certificate: %s%n", certFile);
        return Outcome.OK;
      });
    }

    private static void write(Path keyFile, Path certFile, CaDirectory.Issued issued)
        throws KeyFileException, IOException {
      if (keyFile.getParent() != null) {
        Files.createDirectories(keyFile.getParent());
      }
      Keys.writePrivateKey(keyFile, issued.keyPair().getPrivate(), null);
      Files.writeString(certFile, TrustMaterial.certificatePem(issued.certificate()), StandardCharsets.US_ASCII);
    }
  }

  /** {@code twinguard ca revoke}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke an issued certificate by serial number and rewrite the CRL.")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "CA directory")
    Path dir;

    @Option(names = "--serial", required = true,
        description = "serial number in hex, as 'ca issue' printed it (colons allowed)")
    String serial;

    @Override
    public Integer call() {
      BigInteger number;
      try {
        number = new BigInteger(serial.replace(":", "").replaceFirst("^0[xX]", ""), 16);
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "not a hex serial: " + serial);
      }
      return Outcome.run(spec, () -> {
        CaDirectory.open(dir, Clock.systemUTC()).revoke(number);
        spec.commandLine().getOut().printf("revoked serial %s; CRL updated: %s%n",
            number.toString(16), dir.resolve(CaDirectory.CRL_FILE));
        return Outcome.OK;
      });
    }
  }

  /** {@code twinguard ca crl}. */
  @Command(name = "crl", mixinStandardHelpOptions = true,
      description = "Sign a fresh CRL (it is valid for 30 days; validators refuse a stale one).")
  static final class Crl implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "CA directory")
    Path dir;

    @Override
    public Integer call() {
      return Outcome.run(spec, () -> {
        var crl = CaDirectory.open(dir, Clock.systemUTC()).refreshCrl();
        spec.commandLine().getOut().printf("CRL updated: %s (next update %s)%n",
            dir.resolve(CaDirectory.CRL_FILE), crl.getNextUpdate().toInstant());
        return Outcome.OK;
      });
    }
  }
}
