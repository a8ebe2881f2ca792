package io.twinguard.audit.anchor;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.TlsChannelCredentials;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Anchors signed checkpoints of audit logs on Hyperledger Fabric, through a peer's gateway (gRPC
 * over TLS, client identity from an MSP certificate and key).
 *
 * <p>Every method blocks until the peer answers or the deadline given to {@link #connect} passes:
 * call it from a worker thread (Vert.x {@code executeBlocking}), never from an event loop. One
 * client is thread-safe and is meant to be shared; {@link #close()} it once.
 *
 * <p>Failures are {@link AnchorException}s whose {@link AnchorException#reason() reason} tells
 * whether a retry can help. When {@link #anchor} fails with {@code UNAVAILABLE} after the
 * transaction was sent, it may still have been committed: before anchoring the same checkpoint
 * again, compare {@link #getAnchor} with it.
 */
public final class FabricAnchorClient implements AutoCloseable {

  private static final Pattern CHAINCODE_MESSAGE = Pattern.compile("chaincode response \\d+, (.*)", Pattern.DOTALL);

  private final ManagedChannel channel;
  private final Gateway gateway;
  private final Contract contract;
  private final Contract qscc;
  private final String channelName;

  private FabricAnchorClient(
      ManagedChannel channel, Gateway gateway, Contract contract, Contract qscc, String channelName) {
    this.channel = channel;
    this.gateway = gateway;
    this.contract = contract;
    this.qscc = qscc;
    this.channelName = channelName;
  }

  /**
   * Connects to the network's peer. The connection itself is lazy: an unreachable peer shows in
   * the first call, as {@code UNAVAILABLE}.
   *
   * @param deadline the longest any one gRPC call (evaluate, endorse, submit, commit status) may
   *     take
   * @throws IOException when the TLS CA, the client certificate or the key cannot be read
   */
  public static FabricAnchorClient connect(FabricNetwork network, Duration deadline) throws IOException {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the deadline must be positive");
    }
    ChannelCredentials tls = TlsChannelCredentials.newBuilder()
        .trustManager(network.peerTlsCaCert().toFile())
        .build();
    ManagedChannel channel = Grpc.newChannelBuilder(network.peerEndpoint(), tls)
        .overrideAuthority(network.peerHostOverride())
        .build();
    try {
      long millis = deadline.toMillis();
      Gateway gateway = Gateway.newInstance()
          .identity(new X509Identity(network.mspId(), readCertificate(network)))
          .signer(Signers.newPrivateKeySigner(readKey(network)))
          .connection(channel)
          .evaluateOptions(options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS))
          .endorseOptions(options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS))
          .submitOptions(options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS))
          .commitStatusOptions(options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS))
          .connect();
      Network fabricNetwork = gateway.getNetwork(network.channel());
      return new FabricAnchorClient(
          channel, gateway, fabricNetwork.getContract(network.chaincode()),
          fabricNetwork.getContract("qscc"), network.channel());
    } catch (IOException | RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  /**
   * Registers a log with the key its checkpoints are signed with. Registering again with the same
   * key succeeds and returns the current state.
   *
   * @throws AnchorException REFUSED when the log is registered with another key or the id is invalid
   */
  public RegisteredLog registerLog(String logId, NoteVerifierKey verifierKey) throws AnchorException {
    JsonObject json = object(submit("RegisterLog", logId, verifierKey.encode()).result());
    try {
      return new RegisteredLog(
          json.getString("logId"),
          NoteVerifierKey.parse(json.getString("verifierKey")),
          json.getLong("lastTreeSize"));
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /**
   * Anchors a signed checkpoint (a C2SP signed note whose text is a tlog-checkpoint) and waits until
   * it is committed.
   *
   * @return the transaction id, the block number and the stored anchor
   * @throws AnchorException REFUSED when the chaincode refuses the checkpoint (unregistered log,
   *     signature not by the log's key, malformed note, origin not the log id, tree size not larger
   *     than the last anchored one); NOT_COMMITTED when the transaction was invalidated;
   *     UNAVAILABLE when the network failed or the deadline passed
   */
  public AnchorReceipt anchor(String logId, String signedCheckpoint) throws AnchorException {
    Submitted submitted = submit("Anchor", logId, signedCheckpoint);
    return new AnchorReceipt(submitted.txId(), submitted.blockNumber(), anchorOf(object(submitted.result())));
  }

  /**
   * The latest anchor of a log.
   *
   * @throws AnchorException REFUSED when the log is not registered or has no anchor yet
   */
  public Anchor getAnchor(String logId) throws AnchorException {
    return anchorOf(object(evaluate("GetAnchor", logId)));
  }

  /**
   * The anchors of a log whose tree sizes lie in {@code [fromSize, toSize]}, oldest first; at most
   * 1000 per call, so page on with {@code fromSize} one above the last size returned.
   *
   * @throws AnchorException REFUSED when the log is not registered or the range is invalid
   */
  public List<Anchor> listAnchors(String logId, long fromSize, long toSize) throws AnchorException {
    JsonArray array;
    try {
      array = new JsonArray(new String(
          evaluate("ListAnchors", logId, Long.toString(fromSize), Long.toString(toSize)),
          StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw unexpected(e);
    }
    List<Anchor> anchors = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      anchors.add(anchorOf(array.getJsonObject(i)));
    }
    return anchors;
  }

  /**
   * The number of the block that holds a transaction, read from the peer's ledger (system
   * chaincode qscc, {@code GetBlockByTxID}): for anchors whose receipt was not kept.
   *
   * @throws AnchorException REFUSED when the peer knows no such transaction; UNAVAILABLE when the
   *     network failed
   */
  public long blockNumberOf(String txId) throws AnchorException {
    byte[] block;
    try {
      block = qscc.evaluateTransaction("GetBlockByTxID", channelName, txId);
    } catch (GatewayException e) {
      throw failure("GetBlockByTxID", e);
    }
    try {
      return Block.parseFrom(block).getHeader().getNumber();
    } catch (InvalidProtocolBufferException e) {
      throw unexpected(e);
    }
  }

  /** Closes the gateway and its gRPC channel, waiting up to five seconds for calls in flight. */
  @Override
  public void close() {
    gateway.close();
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private record Submitted(String txId, long blockNumber, byte[] result) {}

  private Submitted submit(String function, String... args) throws AnchorException {
    SubmittedTransaction tx;
    try {
      tx = contract.newProposal(function).addArguments(args).build().endorse().submitAsync();
    } catch (EndorseException e) {
      throw failure(function, e);
    } catch (SubmitException e) {
      throw failure(function, e);
    }
    Status status;
    try {
      status = tx.getStatus();
    } catch (CommitStatusException e) {
      throw failure(function, e);
    }
    if (!status.isSuccessful()) {
      throw new AnchorException(
          AnchorException.Reason.NOT_COMMITTED,
          function + " transaction " + status.getTransactionId() + " was not committed: " + status.getCode(),
          null);
    }
    return new Submitted(status.getTransactionId(), status.getBlockNumber(), tx.getResult());
  }

  private byte[] evaluate(String function, String... args) throws AnchorException {
    try {
      return contract.evaluateTransaction(function, args);
    } catch (GatewayException e) {
      throw failure(function, e);
    }
  }

  /**
   * A chaincode refusal comes back as an error whose details (or, for evaluate, whose description)
   * hold "chaincode response 500, message"; anything else is the network's failure.
   */
  private static AnchorException failure(String function, GatewayException e) {
    List<String> texts = new ArrayList<>();
    for (ErrorDetail detail : e.getDetails()) {
      texts.add(detail.getMessage());
    }
    if (e.getStatus().getDescription() != null) {
      texts.add(e.getStatus().getDescription());
    }
    Code code = e.getStatus().getCode();
    boolean transport = code == Code.UNAVAILABLE || code == Code.DEADLINE_EXCEEDED || code == Code.CANCELLED;
    if (!transport) {
      for (String text : texts) {
        Matcher m = CHAINCODE_MESSAGE.matcher(text);
        if (m.find()) {
          return new AnchorException(AnchorException.Reason.REFUSED, m.group(1), e);
        }
      }
    }
    return new AnchorException(
        AnchorException.Reason.UNAVAILABLE,
        function + " failed: " + code + (texts.isEmpty() ? "" : " " + String.join("; ", texts)),
        e);
  }

  private static JsonObject object(byte[] json) throws AnchorException {
    try {
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw unexpected(e);
    }
  }

  private static Anchor anchorOf(JsonObject json) throws AnchorException {
    try {
      return Anchor.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw unexpected(e);
    }
  }

  private static AnchorException unexpected(Exception e) {
    return new AnchorException(
        AnchorException.Reason.REFUSED, "unexpected answer from the chaincode: " + e.getMessage(), e);
  }

  private static X509Certificate readCertificate(FabricNetwork network) throws IOException {
    try (Reader reader = Files.newBufferedReader(network.clientCert())) {
      return Identities.readX509Certificate(reader);
    } catch (CertificateException e) {
      throw new IOException("unreadable client certificate " + network.clientCert(), e);
    }
  }

  private static PrivateKey readKey(FabricNetwork network) throws IOException {
    try (Reader reader = Files.newBufferedReader(network.clientKey())) {
      return Identities.readPrivateKey(reader);
    } catch (InvalidKeyException e) {
      throw new IOException("unreadable client key " + network.clientKey(), e);
    }
  }
}
