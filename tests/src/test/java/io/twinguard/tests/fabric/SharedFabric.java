package io.twinguard.tests.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one {@link FabricTestNetwork} for the whole test run (a parameter of their
 * {@code @BeforeAll}): started, or reused, on first use and closed when the run ends, so that
 * classes do not each pay for a network start.
 */
public final class SharedFabric implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedFabric.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FabricTestNetwork.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("network", key -> new Running(startNetwork()), Running.class)
        .network();
  }

  private static FabricTestNetwork startNetwork() {
    try {
      return FabricTestNetwork.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Fabric network", e);
    }
  }

  /** Closed by JUnit when the root context ends: stops the network if this run started it. */
  private record Running(FabricTestNetwork network) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws IOException {
      network.close();
    }
  }
}
