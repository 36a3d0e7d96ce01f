"""The explorer and a notebook in a real browser: Debian's chromium, driven by Playwright.

- A saved explorer of the sample page against the People's Daily of January
  1998 is opened from its file, an entry searched and clicked: the lines
  shown on each side are kit.kwic's, sorting and a metadata filter give what
  kit.kwic and the corpus give; every network request is blocked and none is
  attempted; the time to interactive is measured and reported, not asserted.
- JupyterLab is started on a free port with a token, notebook 01 opened,
  every cell run, and no cell may end in an error.

Playwright never downloads a browser here: it drives /usr/bin/chromium
(``apt-get install chromium``; scripts/setup-env.sh and .ci/run install it as
root).  Without it, or without Playwright, the tests are skipped with the
reason.  They are marked ``slow``.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import kit

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
ENTRIES = ("党建引领", "攻坚战", "急难愁盼")
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium (Debian), or set KIT_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=TIMEOUT_MS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    """The sample page against the People's Daily of January 1998, as notebook 04 explores it."""
    page, reference = kit.open_corpus(None), kit.open_corpus("peoples_daily_1998")
    lexicon = kit.load_lexicon()
    page_tokens, reference_tokens = kit.tokenize(page, lexicon), kit.tokenize(reference, lexicon)
    table = kit.keyness(page, reference, lexicon=lexicon, tokens=page_tokens,
                        reference_tokens=reference_tokens, unit="both", min_freq=2)
    explorer = kit.explore(table, page, reference, lexicon=lexicon, tokens=page_tokens,
                           reference_tokens=reference_tokens, target_label="吕梁日报 2026",
                           reference_label="人民日报 1998")
    folder = tmp_path_factory.mktemp("explorer")
    explorer.save("04_comparison_explorer", directory=folder)
    return {"page": page, "reference": reference, "lexicon": lexicon, "explorer": explorer,
            "path": folder / "04_comparison_explorer.html"}


@pytest.fixture(scope="module")
def opened(browser, comparison):
    """The saved explorer, opened from its file with every network request blocked and logged."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    requests, blocked = [], []
    context.on("request", lambda request: requests.append(request.url))

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file:"), block)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = comparison["path"].resolve().as_uri()
    started = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_selector("html[data-ready='1']", timeout=TIMEOUT_MS)
    ready = time.perf_counter() - started
    yield {"page": page, "url": url, "requests": requests, "blocked": blocked, "errors": errors,
           "ready": ready}
    context.close()


def _open_entry(page, entry):
    page.fill("#search", entry)
    page.click(f"#items tr[data-item='{entry}']", timeout=TIMEOUT_MS)
    page.wait_for_selector(f"#detail[data-item='{entry}']", timeout=TIMEOUT_MS)


def _shown(page, side):
    pane = page.locator(f".pane[data-side='{side}']")
    return int(pane.get_attribute("data-shown")), pane.locator("tr.line").count()


def test_the_saved_explorer_is_small_enough(comparison):
    size = comparison["path"].stat().st_size
    print(f"\nexplorer, page against People's Daily 1998: {size / 1e6:.2f} MB")
    assert size < 5_000_000


def test_a_searched_entry_shows_kwic_lines_on_each_side(opened, comparison, record_property):
    page = opened["page"]
    record_property("time_to_interactive_s", round(opened["ready"], 3))
    print(f"\nexplorer: interactive {opened['ready']:.2f} s after navigation")
    cap = comparison["explorer"].payload["caps"]["lines"]
    for entry in ENTRIES:
        _open_entry(page, entry)
        for side in ("target", "reference"):
            corpus = comparison["page" if side == "target" else "reference"]
            expected = len(kit.kwic(corpus, entry, window=15, lexicon=comparison["lexicon"]))
            assert expected <= cap, f"{entry}: choose entries under the cap of {cap} lines"
            assert _shown(page, side) == (expected, expected), f"{entry}, {side}"
    assert not opened["errors"], opened["errors"]


def test_sorting_orders_the_lines_as_kwic_does(opened, comparison):
    page = opened["page"]
    _open_entry(page, "攻坚战")
    page.click(".sortkeys button[data-sort='1L']")
    shown = page.locator(".pane[data-side='reference'] tr.line td.left").all_inner_texts()
    expected = kit.kwic(comparison["reference"], "攻坚战", window=15, sort="1L", lexicon=comparison["lexicon"])
    assert [text.strip() for text in shown] == [left.strip() for left in expected["left"]]
    page.click(".sortkeys button[data-sort='order']")


def test_a_metadata_filter_keeps_the_lines_of_its_documents(opened, comparison):
    page = opened["page"]
    _open_entry(page, "攻坚战")
    reference = comparison["reference"]
    lines = kit.kwic(reference, "攻坚战", window=15, lexicon=comparison["lexicon"])
    genre = reference.docs.set_index("doc_id")["genre"]
    value = genre.loc[lines["doc_id"]].value_counts().index[0]
    page.select_option("select[data-filter='genre']", value)
    assert _shown(page, "reference")[0] == int((genre.loc[lines["doc_id"]] == value).sum())
    page.select_option("select[data-filter='genre']", "")
    assert _shown(page, "reference")[0] == len(lines)


def test_no_request_leaves_the_file(opened):
    assert opened["blocked"] == [], f"requests to the network were attempted: {opened['blocked'][:5]}"
    assert set(opened["requests"]) == {opened["url"]}, "the page loads nothing but itself"


# -- JupyterLab -------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab on a copy of notebook 01, on a free port, with a token set here."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy("notebooks/01_quickstart.ipynb", root / "01_quickstart.ipynb")
    kernels = root / "jupyter" / "kernels" / "kit"
    kernels.mkdir(parents=True)
    # The kit's kernel, pointing to this interpreter, for notebooks whose kernelspec is "kit".
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (kit)", "language": "python"}), encoding="utf-8")
    port, token = _free_port(), "kit-browser-test"
    env = {key: value for key, value in os.environ.items() if key not in ("KIT_NOTEBOOK", "MPLBACKEND")}
    env.update({"JUPYTER_PATH": str(root / "jupyter"), "JUPYTER_CONFIG_DIR": str(root / "config"),
                "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
                "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
                "KIT_FIGURES_DIR": str(root / "figures")})
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--port-retries=0", f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
               "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log = (root / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start: " + (root / "server.log").read_text()[-2000:])
                time.sleep(0.5)
        yield {"base": base, "token": token, "server": server, "root": root}
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()


_RUN_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return null;
  const cells = [];
  const model = panel.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') continue;
    cells.push({count: cell.executionCount, outputs: cell.outputs.toJSON()});
  }
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {status: kernel ? kernel.status : 'none', cells: cells};
}"""


def test_notebook_01_runs_in_jupyterlab_without_error(browser, jupyterlab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{jupyterlab['base']}/lab/tree/01_quickstart.ipynb?token={jupyterlab['token']}",
                  timeout=TIMEOUT_MS)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                               timeout=120_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        # Done when the kernel is idle and every cell has run, or one has failed (the rest then never run).
        page.wait_for_function(f"() => {{ const s = ({_RUN_STATE})(); return s && s.status === 'idle' "
                               "&& (s.cells.every(c => c.count !== null) || s.cells.some(c => "
                               "c.outputs.some(o => o.output_type === 'error'))); }", timeout=300_000, polling=500)
        state = page.evaluate(_RUN_STATE)
        errors = [output for cell in state["cells"] for output in cell["outputs"]
                  if output.get("output_type") == "error"]
        assert not errors, [f"{e.get('ename')}: {e.get('evalue')}" for e in errors]
        assert state["cells"] and all(cell["count"] for cell in state["cells"])
        assert (jupyterlab["root"] / "figures" / "manifest.json").is_file(), "the notebook saved its figure"
    finally:
        context.close()
    # a clean shutdown: the server stops when asked and exits without an error
    request = urllib.request.Request(f"{jupyterlab['base']}/api/shutdown?token={jupyterlab['token']}",
                                     method="POST")
    urllib.request.urlopen(request, timeout=10)
    assert jupyterlab["server"].wait(timeout=60) == 0
