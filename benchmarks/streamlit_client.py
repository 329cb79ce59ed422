"""A browser's side of Streamlit's WebSocket protocol, in Python: one simulated student.

Hundreds of these fit in one asyncio loop, where hundreds of Chromium tabs would not:
``bench_capacity.py`` drives them, ``tests/test_streamlit_client.py`` checks them against
the app. The client does what Streamlit's frontend does, without drawing anything:

    client = StreamlitClient("http://127.0.0.1:8501", "/train?neg=3&pos=8")
    await client.open()                     # page, cookies, websocket, the first run
    sent = await client.click("Train")      # a trigger, then wait for the run to end
    view = client.element("bidi_component", key="live")
    client.component_data(view)             # the live view's payload (a dict)
    await client.send_event(view, "ended", {...})
    client.metrics()["Test accuracy"]       # "97.22%"
    await client.close()

The protocol, as Streamlit 1.67 speaks it (files under ``streamlit/`` of the installed
package, and the frontend's ``frontend/app/src/App.tsx`` in streamlit/streamlit):

* Before the websocket, a browser loads the page (``GET /train?...``) and asks
  ``/_stcore/health`` (``web/server/starlette/starlette_routes.py``: the health route sets
  the ``_streamlit_xsrf`` cookie). Cookies set on the way (a load balancer's affinity
  cookie too) go with the websocket upgrade. The upgrade names the subprotocols
  ``streamlit, <xsrf token>`` (``starlette_websocket.py``, ``_parse_subprotocols``).
* Every message is binary protobuf: ``BackMsg`` up, ``ForwardMsg`` down
  (``proto/BackMsg_pb2``, ``proto/ForwardMsg_pb2``).
* On connecting, the frontend asks for the first script run: a ``rerun_script``
  (a ``ClientState``) whose ``page_name`` is the URL's path (``train``) and whose
  ``query_string`` is the URL's query; later reruns name the page by
  ``page_script_hash`` (``App.tsx``, ``sendRerunBackMsg``; ``commands/navigation.py``
  resolves either). ``context_info.url`` is the address bar (``st.context.url``).
* A run starts with ``new_session`` (its ``script_run_id`` in ``metadata.run``) and ends
  with ``script_finished`` (``runtime/app_session.py``). In between come deltas, each
  at a ``metadata.delta_path`` (root container, then the index in each block): a new
  element or a new block replaces what was at that path. When a run ends normally,
  what it did not send again is stale and removed; a fragment's run only clears what
  that fragment had drawn (``App.tsx``, ``handleScriptFinished``).
* A widget's interaction is a rerun carrying ``widget_states``: a button's click is
  ``trigger_value``, a text input's text ``string_value`` (held back, inside a form,
  until the form's submit button is pressed), a Components v2 event a
  ``json_trigger_value`` ``[{"event": name, "value": value}]`` on the id
  ``$$STREAMLIT_INTERNAL_KEY_<element id>__events``
  (``components/v2/bidi_component/main.py``). A widget drawn inside a fragment reruns
  only that fragment: the rerun names the delta's ``fragment_id``.
* Large elements are cacheable (``metadata.cacheable``, ``runtime/forward_msg_cache.py``):
  the browser keeps them (until unused for ``maxCachedMessageAge`` runs) and lists their
  hashes in every rerun (``cached_message_hashes``); the server then sends a
  ``ref_hash`` in their place.
* An ``auto_rerun`` message (a fragment with ``run_every``) makes the browser ask for
  that fragment's run every ``interval`` seconds, until the next full run or another
  page (``App.tsx``, ``handleAutoRerun``).

Simplification: a browser sends the value of every widget on the page with each rerun;
this client sends only the values it set (the server keeps the others as they were:
``runtime/state/session_state.py``, ``on_script_will_rerun``), and the trigger.
"""

import asyncio
import collections
import http.cookiejar
import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

TRIGGER_PREFIX = "$$STREAMLIT_INTERNAL_KEY_"  # Components v2 trigger ids start so
MAIN, SIDEBAR = 0, 1  # root containers (proto/RootContainer)
_FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
             ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(RuntimeError):
    """The server did not answer as a Streamlit server answers a browser."""


@dataclass
class Node:
    """One element or block of the page, as the frontend keeps it."""

    element: object = None  # proto Element, or None for a block
    block: object = None  # proto Block (None for an element, and for a root)
    fragment_id: str = ""  # the fragment that drew it ("" outside fragments)
    run_id: str = ""  # the script run that last sent it
    received: float = 0.0  # time.perf_counter() when its delta arrived
    path: tuple = ()
    children: dict = field(default_factory=dict)  # index -> Node

    @property
    def kind(self):
        """The element's type ("button", "metric", "bidi_component", ...) or the
        block's ("vertical", "form", "flex_container", ...)."""
        proto = self.element if self.element is not None else self.block
        if proto is None:
            return "root"
        return proto.WhichOneof("type")

    @property
    def proto(self):
        """The element's own proto (``element.button``, ...), or the block's."""
        if self.element is not None:
            return getattr(self.element, self.kind)
        return getattr(self.block, self.kind) if self.block is not None else None

    def walk(self):
        """This node and everything inside it, in page order."""
        yield self
        for index in sorted(self.children):
            yield from self.children[index].walk()


class StreamlitClient:
    """One browser tab on a Streamlit app, without the drawing.

    ``url`` is the server (or load balancer); ``path`` the page with its query
    (``/train?neg=3&pos=8``). ``timeout`` bounds every wait, in seconds. Times are
    ``time.perf_counter()`` readings, taken as messages are read from the socket.
    """

    def __init__(self, url, path="/", *, timeout=60.0):
        self.base = url.rstrip("/")
        self.path = path
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.page = Node()  # root; children MAIN, SIDEBAR, ...
        self.pages = {}  # url path ("" for the default page) -> page_script_hash
        self.page_script_hash = ""
        self.query = ""  # the address bar's query (the app may rewrite it)
        self.values = {}  # widget id -> WidgetState: what this tab has set
        self.cache = {}  # hash -> [ForwardMsg, the run count when last used]
        self.runs = 0  # script runs finished (the cache's clock)
        self.max_cache_age = 2  # runs; NewSession's config says how many
        self.errors = []  # what went wrong, in words
        self.session_id = None
        self._ws = None
        self._reader = None
        self._run_id = ""  # the script run now sending deltas
        self._run_fragments = ()  # its fragments, () for a full run
        self._requested = 0  # reruns asked for so far
        self._started = 0  # runs started after the latest request
        self._idle = asyncio.Event()  # set when the latest request's run has finished
        self._changed = asyncio.Event()  # pulses on every message
        self._auto_reruns = []  # tasks of fragments with run_every
        self.trace = collections.deque(maxlen=400)  # the latest messages, for a ProtocolError

    # ---- connecting -------------------------------------------------------------------

    def set_cookie(self, name, value, path="/"):
        """Set a cookie as a page script would (``document.cookie``)."""
        host = urllib.parse.urlsplit(self.base).hostname
        self.cookies.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, host, False, False, path, True, False, None,
            False, None, None, {}))

    def _get(self, path):
        """GET ``path`` as the browser does (cookies kept); returns the body."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(self.base + path, timeout=self.timeout) as response:
            return response.read()

    def _cookie_header(self, path):
        request = urllib.request.Request(self.base + path)
        self.cookies.add_cookie_header(request)
        return request.get_header("Cookie")

    def _cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    async def open(self):
        """Load the page, connect, ask for the first run and wait until it ended."""
        await asyncio.to_thread(self._get, self.path)  # index.html (and cookies)
        await asyncio.to_thread(self._get, "/_stcore/health")  # the XSRF cookie
        split = urllib.parse.urlsplit(self.base)
        scheme = "wss" if split.scheme == "https" else "ws"
        headers = {}
        cookie = self._cookie_header("/_stcore/stream")
        if cookie:
            headers["Cookie"] = cookie
        # the browser offers permessage-deflate; Streamlit declines it by default
        # (server.enableWebsocketCompression = false), so none is asked for here
        self._ws = await connect(
            f"{scheme}://{split.netloc}{split.path}/_stcore/stream",
            origin=f"{split.scheme}://{split.netloc}", additional_headers=headers,
            subprotocols=["streamlit", self._cookie("_streamlit_xsrf") or "none"],
            compression=None, max_size=None, ping_interval=None,
            open_timeout=self.timeout, user_agent_header="streamlit_client.py")
        self._reader = asyncio.create_task(self._read())
        page, _, query = self.path.partition("?")
        await self._rerun(query=query, page_name=page.strip("/"))
        await self.wait_for_run()
        return self

    async def close(self):
        for task in self._auto_reruns:
            task.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, *self._auto_reruns, return_exceptions=True)

    async def __aenter__(self):
        return await self.open()

    async def __aexit__(self, *exc):
        await self.close()

    # ---- sending ------------------------------------------------------------------------

    async def _rerun(self, states=(), *, fragment_id="", query=None, page_name="",
                     page_script_hash=None, auto=False):
        """Send a ``rerun_script`` as ``App.sendRerunBackMsg`` does; return the time sent."""
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query if query is None else query
        rerun.page_script_hash = (self.page_script_hash if page_script_hash is None
                                  else page_script_hash)
        rerun.page_name = page_name
        rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = auto
        sending = {state.id for state in states}
        rerun.widget_states.widgets.extend(
            [state for i, state in self.values.items() if i not in sending])
        rerun.widget_states.widgets.extend(states)
        rerun.cached_message_hashes.extend(self.cache)
        info = rerun.context_info
        page = self.path.partition("?")[0]
        info.url = self.base + page + (f"?{rerun.query_string}" if rerun.query_string else "")
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.color_scheme = "light"
        self.query = rerun.query_string
        self.trace.append(f"{time.perf_counter():.3f} sent rerun fragment={fragment_id[:8]!r} "
                          f"auto={auto} triggers={[st.id[-12:] for st in states]}")
        self._requested += 1
        self._started = 0
        self._idle.clear()
        sent = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        return sent

    async def click(self, label=None, *, key=None, node=None, wait=True):
        """Press a button (by label, key or node); return when the click was sent.
        A form's submit button sends the form's held values with it."""
        node = node or self.element("button", label=label, key=key)
        button = node.proto
        if button.disabled:
            raise ProtocolError(f"the button {button.label!r} is disabled")
        states = []
        if button.form_id:
            states = [s for i, s in self.values.items() if self._form_of(i) == button.form_id]
        trigger = WidgetState(id=button.id, trigger_value=True)
        sent = await self._rerun(states + [trigger], fragment_id=node.fragment_id)
        if wait:
            await self.wait_for_run()
        return sent

    async def type(self, label=None, text="", *, key=None, wait=True):
        """Type ``text`` into a text input and leave it (Enter or Tab). Inside a form
        it is held until the form is submitted; outside, it reruns the script."""
        node = self.element("text_input", label=label, key=key)
        state = WidgetState(id=node.proto.id, string_value=text)
        self.values[node.proto.id] = state
        if node.proto.form_id:
            return None
        sent = await self._rerun([state], fragment_id=node.fragment_id)
        if wait:
            await self.wait_for_run()
        return sent

    async def send_event(self, node, event, value, *, wait=True):
        """Send a Components v2 component's event (its JavaScript's
        ``setTriggerValue(event, value)``); return the time sent."""
        state = WidgetState(id=f"{TRIGGER_PREFIX}{node.proto.id}__events",
                            json_trigger_value=json.dumps([{"event": event, "value": value}]))
        sent = await self._rerun([state], fragment_id=node.fragment_id)
        if wait:
            await self.wait_for_run()
        return sent

    async def switch_page(self, url_path, *, wait=True):
        """Open another page of the ``st.navigation`` (``"class"``, ``""`` for the
        default one), as a click on its link does."""
        if url_path not in self.pages:
            raise ProtocolError(f"no page {url_path!r}; pages: {sorted(self.pages)}")
        self._stop_auto_reruns()
        self.path = "/" + url_path
        sent = await self._rerun(query="", page_script_hash=self.pages[url_path])
        if wait:
            await self.wait_for_run()
        return sent

    def _form_of(self, widget_id):
        node = next((n for n in self.page.walk() if n.element is not None
                     and getattr(n.proto, "id", None) == widget_id), None)
        return getattr(node.proto, "form_id", "") if node else ""

    # ---- receiving ----------------------------------------------------------------------

    async def _read(self):
        try:
            async for data in self._ws:
                received = time.perf_counter()
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg, received)
                self._changed.set()
                self._changed = asyncio.Event()
        except Exception as error:  # noqa: BLE001 - a waiter reports it
            if not isinstance(error, asyncio.CancelledError):
                self.errors.append(f"connection: {type(error).__name__}: {error}")
        finally:
            self._changed.set()

    def _handle(self, msg, received):
        kind = msg.WhichOneof("type")
        if kind == "new_session":  # the runs' lifecycle, traced
            run = msg.metadata.run
            self.trace.append(f"{received:.3f} got {kind} "
                              f"{(run.script_run_id[:8], list(run.fragment_ids))}")
        elif kind == "script_finished":
            self.trace.append(f"{received:.3f} got {kind} {msg.script_finished}")
        elif kind == "session_status_changed":
            self.trace.append(f"{received:.3f} got {kind} "
                              f"{msg.session_status_changed.script_is_running}")
        if kind == "ref_hash":  # a cached element: the browser has it
            entry = self.cache.get(msg.ref_hash)
            if entry is None:
                self.errors.append(f"cache miss {msg.ref_hash}")
                return
            entry[1] = self.runs
            metadata = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(entry[0])
            msg.metadata.CopyFrom(metadata)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = [msg, self.runs]
        if kind == "new_session":
            self._new_run(msg)
        elif kind == "delta":
            self._apply(msg, received)
        elif kind == "script_finished":
            self._finished(msg.script_finished)
        elif kind == "navigation":
            pages = msg.navigation.app_pages
            self.pages = {p.url_pathname: p.page_script_hash for p in pages}
            self.pages.update({"": p.page_script_hash for p in pages if p.is_default})
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string  # st.query_params written
        elif kind == "auto_rerun":
            self._auto_reruns.append(asyncio.create_task(
                self._auto_rerun(msg.auto_rerun.interval, msg.auto_rerun.fragment_id)))
        elif kind == "page_not_found":
            self.errors.append("page not found")

    def _new_run(self, msg):
        session = msg.new_session
        if session.initialize.session_id:
            self.session_id = session.initialize.session_id
        if session.config.max_cached_message_age:
            self.max_cache_age = session.config.max_cached_message_age
        self._run_id = msg.metadata.run.script_run_id
        self._run_fragments = tuple(msg.metadata.run.fragment_ids)
        if not self._run_fragments:
            self._stop_auto_reruns()  # a full run: its fragments ask again
        self._started += 1

    def _apply(self, msg, received):
        delta = msg.delta
        kind = delta.WhichOneof("type")
        path = tuple(msg.metadata.delta_path)
        if kind not in ("new_element", "add_block") or not path:
            return  # transient elements (spinners, toasts) are not kept
        parent = self.page
        for depth, index in enumerate(path[:-1]):
            parent = parent.children.setdefault(index, Node(path=path[:depth + 1]))
        node = Node(fragment_id=delta.fragment_id, run_id=self._run_id, received=received,
                    path=path)
        if kind == "new_element":
            node.element = delta.new_element
        else:
            node.block = delta.add_block
            old = parent.children.get(path[-1])
            if old is not None and old.element is None and (
                    old.block is None or old.block.WhichOneof("type") == node.kind):
                node.children = old.children  # the same block: its content stays
        parent.children[path[-1]] = node

    def _finished(self, status):
        if status in (ForwardMsg.FINISHED_SUCCESSFULLY,
                      ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            self._clear_stale(self.page)
            # the browser forgets the values of widgets that are gone (App.tsx,
            # widgetMgr.removeInactive)
            shown = {getattr(n.proto, "id", None) for n in self.page.walk()
                     if n.element is not None}
            self.values = {i: s for i, s in self.values.items() if i in shown}
            # cached messages not used for max_cache_age runs are dropped
            # (frontend/lib/src/ForwardMessageCache.ts, incrementRunCount)
            self.runs += 1
            self.cache = {h: e for h, e in self.cache.items()
                          if self.runs - e[1] <= self.max_cache_age}
        if status in _FINISHED and self._started:
            self._idle.set()

    def _clear_stale(self, node):
        """Remove what the run that just ended did not draw again."""
        for index, child in list(node.children.items()):
            ran = child.fragment_id in self._run_fragments if self._run_fragments else True
            if child.run_id and child.run_id != self._run_id and ran:
                del node.children[index]
            else:
                self._clear_stale(child)

    async def _auto_rerun(self, interval, fragment_id):
        while True:
            await asyncio.sleep(interval)
            await self._rerun(fragment_id=fragment_id, auto=True)

    def _stop_auto_reruns(self):
        for task in self._auto_reruns:
            if task is not asyncio.current_task():
                task.cancel()
        self._auto_reruns = []

    # ---- waiting ------------------------------------------------------------------------

    async def wait_for_run(self, timeout=None):
        """Wait until the run asked for last has finished (raises on timeout)."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout or self.timeout)
        except TimeoutError:
            raise ProtocolError(f"no end of the script run within "
                                f"{timeout or self.timeout} s; {self.errors}") from None

    async def wait_for(self, predicate, timeout=None):
        """Wait until ``predicate()`` is true (checked on every message); return its value."""
        deadline = time.perf_counter() + (timeout or self.timeout)
        while not (value := predicate()):
            left = deadline - time.perf_counter()
            if left <= 0 or (self._reader is not None and self._reader.done()):
                raise ProtocolError(f"not seen within {timeout or self.timeout} s; "
                                    f"{self.errors}; since the last request not made by a "
                                    f"timer: {self._since_last_request()}")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                pass
        return value

    def _since_last_request(self, most=25):
        """The traced messages from the latest rerun this client asked for itself (not a
        fragment's timer) on: what a wait that timed out saw happen."""
        trace = list(self.trace)
        starts = [i for i, line in enumerate(trace) if "sent rerun" in line
                  and "auto=False" in line]
        return trace[starts[-1]:starts[-1] + most] if starts else trace[-most:]

    # ---- reading the page ---------------------------------------------------------------

    def elements(self, kind=None, *, label=None, key=None, root=MAIN):
        """The elements on the page (in ``root``: MAIN or SIDEBAR, None for all) of
        ``kind`` ("button", "metric", ...), with this ``label`` or widget ``key``."""
        top = self.page if root is None else self.page.children.get(root, Node())
        found = []
        for node in top.walk():
            if node.element is None or (kind and node.kind != kind):
                continue
            proto = node.proto
            if label is not None and getattr(proto, "label", None) != label:
                continue
            if key is not None and not getattr(proto, "id", "").endswith(f"-{key}"):
                continue
            found.append(node)
        return found

    def element(self, kind=None, *, label=None, key=None, root=MAIN):
        """The one element that matches (see ``elements``); ProtocolError otherwise."""
        found = self.elements(kind, label=label, key=key, root=root)
        if len(found) != 1:
            raise ProtocolError(f"{len(found)} {kind or 'element'}s with label={label!r} "
                                f"key={key!r} on the page")
        return found[0]

    def metrics(self):
        """The metrics on the page: label -> value as shown."""
        return {n.proto.label: n.proto.body for n in self.elements("metric", root=None)}

    def exceptions(self):
        """The messages of the exception boxes on the page (``st.exception``)."""
        return [n.proto.message for n in self.elements("exception", root=None)]

    @staticmethod
    def component_data(node):
        """A Components v2 element's JSON data, as a dict."""
        return json.loads(node.proto.json)

    @staticmethod
    def dataframe(node):
        """An ``st.dataframe``'s data as a pandas DataFrame (Arrow IPC bytes)."""
        import pyarrow

        return pyarrow.ipc.open_stream(node.proto.arrow_data.data).read_pandas()

    def texts(self):
        """Every text of the page's markdown, text and headings, in order."""
        return [node.proto.body for node in self.page.walk()
                if node.kind in ("markdown", "text", "heading")]
