"""The AAS Part 2 HTTP API server of the Eclipse BaSyx Python SDK (basyx.aas.adapter.http), serving
one AAS environment file (JSON) on 127.0.0.1, for the aas adapter's tests.

    python aas_server.py ENVIRONMENT.json PORT

Prints one line `listening on http://127.0.0.1:PORT/api/v3.0` when it accepts connections and
serves until it is terminated. Changes (PUT) live in memory only.
"""
import sys

from basyx.aas.adapter import aasx
from basyx.aas.adapter.http import WSGIApp
from basyx.aas.adapter.json import read_aas_json_file
from werkzeug.serving import make_server


def main() -> None:
    environment, port = sys.argv[1], int(sys.argv[2])
    with open(environment, encoding="utf-8") as file:
        store = read_aas_json_file(file, failsafe=False)
    app = WSGIApp(store, aasx.DictSupplementaryFileContainer())
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(f"listening on http://127.0.0.1:{server.server_port}/api/v3.0", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
