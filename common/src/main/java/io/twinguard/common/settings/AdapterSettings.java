package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.nio.file.Path;

/**
 * What the adapters of twins that declare {@code adapter:} in the registry need from the host
 * ({@code adapters.*}): the sandbox tools that run black-box models and FMUs, where the private
 * copies of model artefacts are kept, and the Python that runs FMUs.
 *
 * @param bwrap Debian's bubblewrap, the sandbox
 * @param strace strace, which tells a model's refused memory and network requests from a crash
 * @param prlimit util-linux's prlimit, which sets a model's resource limits
 * @param artefactStore where model artefacts are copied, read-only, when an adapter is created
 *     (derived: {@code data_dir/artefacts})
 * @param python the Python interpreter with fmpy that runs FMUs
 * @throws IllegalArgumentException naming the setting when a value is missing
 */
public record AdapterSettings(Path bwrap, Path strace, Path prlimit, Path artefactStore, Path python) {

  public AdapterSettings {
    Check.present("bwrap", bwrap);
    Check.present("strace", strace);
    Check.present("prlimit", prlimit);
    Check.present("artefact_store", artefactStore);
    Check.present("python", python);
  }
}
