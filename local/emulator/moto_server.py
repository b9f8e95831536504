"""`python -m moto.server`, with some of moto 5.2's costs taken out and its behaviour unchanged but for two races.

Found with py-spy on moto during mass exposures (docs/benchmarks.md); test/integration/local/moto-server.test.ts
holds each patch to the behaviour it replaces.

- werkzeug logs a line per request on stderr: 12 % of moto's CPU under load, every line read through a pipe by the
  local stack. Warnings and errors still come.
- SQS ReceiveMessage checks each message's retention through `get_queue_attributes`, which builds every attribute
  of the queue, its approximate message counts included (a pass over all its messages), for every message it looks
  at: quadratic in the queue's depth. The patch reads the queue's MessageRetentionPeriod and applies the same rule.
- SQS ReceiveMessage reads whether a message is visible, then marks it received, with no lock between: two
  concurrent receives on moto's threads can both take it (3 duplicates in 2,000 messages under 20 pollers, where
  SQS's at-least-once delivery almost never repeats). Each pass over a queue now holds that queue's lock; the long
  poll waits between passes without it. Not a cost but a behaviour, and one of two patches that change what moto
  says.
- SQS DeleteMessage rebuilds the queue's message list without the message, then assigns it, with no lock: a
  message sent to the queue in between is lost, and a message another delete took out comes back. In 1,000-key
  mass exposures the rules' queue, sent to by PutEvents while the local pump deleted, lost 4 to 22 events and
  repeated 24 to 45 (docs/benchmarks.md). Deletes and receive passes now hold the queue's own lock, the one
  SendMessage appends under.
- DynamoDB Query starts from `Table.all_items()`, every item of the table sorted, and filters it: a query of one
  partition, or of an index for one value, costs the whole table (38 % of moto's CPU with a few thousand keys'
  records). The patch hands the query only the items its key conditions can match, in all_items' order; the
  query itself (conditions, sorting, paging, projection, filters) runs as before, on fewer items.
- Three lookups made afresh for every request, each with the same answer every time (py-spy, GIL held, during a
  100-key exposure): which folders moto's package has (a listdir and an isdir per service: 9.6 % of moto's CPU),
  the method names of a response class (inspect.getmembers: 6.8 %), and EventBridge's default input paths compiled
  for each target of each event (a yacc parser built per path: 4.4 %). Each is now computed once and kept.
- werkzeug's server sends "Connection: close" with every response, so each call cost a new TCP connection and a
  new thread (connect and close were 5 % of the Node process's CPU in a mass exposure), and after each response it
  waits 10 ms for more bytes to discard. A request whose body has a Content-Length is now read whole before moto
  sees it; its connection stays open for the next request, with no discard pass, and with TCP_NODELAY so that a
  response's body is not held behind its headers. A chunked body is handled as before. Pipelined requests on one
  connection are answered in turn (the test holds this).
- DynamoDB UpdateItem parses its update expression twice: once in the request handler, only to list the names and
  values it uses, and again in the backend, which then rewrites that tree as it validates it. The handler's parse
  (read only) is kept per expression; the backend still parses its own. Rekey's writes use a few dozen expressions.
"""

import functools
import logging
import sys
import threading

logging.getLogger("werkzeug").setLevel(logging.WARNING)

import moto.sqs.models as sqs_models  # noqa: E402  (a missing moto shows as ModuleNotFoundError: No module named 'moto')
from moto.core.utils import unix_time  # noqa: E402
from moto.dynamodb.models.table import Table  # noqa: E402
import moto.backends  # noqa: E402
import moto.core.responses  # noqa: E402


def retained(self, queue_name, message):
    period = int(self.get_queue(queue_name).message_retention_period)
    return period + message.sent_timestamp / 1000 > unix_time()


sqs_models.SQSBackend.is_message_valid_based_on_retention_period = retained

# Every change to a queue's message list holds the queue's own lock: the Condition (an RLock) that moto's
# add_message already appends under. One pass of ReceiveMessage over a queue (a message's visibility read, then its
# receipt marked, and its redrive to the DLQ) is atomic; the long poll's wait between passes holds no lock. The pass
# and the wait are moto's own.
unpatched_receive = sqs_models.SQSBackend.receive_message


def receive_message(self, queue_name, count, wait_seconds_timeout, visibility_timeout,
                    message_attribute_names=None):
    queue = self.get_queue(queue_name)
    polling_end = unix_time() + wait_seconds_timeout
    while True:
        with queue._messages_lock:
            result = unpatched_receive(self, queue_name, count, 0, visibility_timeout, message_attribute_names)
        if result or not wait_seconds_timeout or unix_time() > polling_end:
            return result
        queue.wait_for_messages(1)


sqs_models.SQSBackend.receive_message = receive_message

# DeleteMessage rebuilds the queue's list without the message and assigns it, with no lock: a message sent (or
# another deleted) meanwhile is lost (or comes back). Under the same lock, the rebuild sees every append.
unpatched_delete = sqs_models.Queue.delete_message


def delete_message(self, receipt_handle):
    with self._messages_lock:
        unpatched_delete(self, receipt_handle)


sqs_models.Queue.delete_message = delete_message


def table_order(item):
    return (item.hash_key, item.range_key) if item.range_key else item.hash_key


def each_item(table):
    for entry in table.items.values():
        if table.range_key_attr:
            yield from entry.values()
        else:
            yield entry


def candidates(table, hash_key, index_name, hash_key_conditions):
    """The items a query can match, or None where the patch does not know (the query then reads every item)."""
    if index_name is None:
        if hash_key is None:
            return None
        entry = table.items.get(hash_key)
        if entry is None:
            return []
        return list(entry.values()) if table.range_key_attr else [entry]
    if not hash_key_conditions:
        return None
    # A string key (what the local stack's indexes have) compares as its value, without DynamoType's cast_value
    found = []
    for item in each_item(table):
        for name, value in hash_key_conditions:
            present = item.attrs.get(name)
            if present is None or present.type != value.type:
                break
            if value.type == "S" and present.value != value.value:
                break
            if value.type != "S" and present != value:
                break
        else:
            found.append(item)
    return found


narrowed = threading.local()  # moto's server is threaded: a query's candidates are its own thread's
unpatched_all_items = Table.all_items
unpatched_query = Table.query


def all_items(self):
    items = getattr(narrowed, "items", None)
    if items is not None and narrowed.table is self:
        narrowed.items = None  # once: the query reads all_items once
        return items
    return unpatched_all_items(self)


def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
          projection_expressions, index_name=None, *args, **kwargs):
    found = candidates(self, hash_key, index_name, kwargs.get("hash_key_conditions"))
    if found is not None:
        narrowed.table = self
        narrowed.items = sorted(found, key=table_order)
    try:
        return unpatched_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                               scan_index_forward, projection_expressions, index_name, *args, **kwargs)
    finally:
        narrowed.items = None


Table.all_items = all_items
Table.query = query

# the request handler only reads its tree of an update expression (find_clauses); the backend parses its own
import moto.dynamodb.responses as dynamodb_responses  # noqa: E402


class HandlersUpdateExpressionParser:
    make = staticmethod(functools.lru_cache(maxsize=1024)(dynamodb_responses.UpdateExpressionParser.make))


dynamodb_responses.UpdateExpressionParser = HandlersUpdateExpressionParser

# moto's own folders do not change while it runs
moto_modules = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: moto_modules

# a response class's methods do not change either; callers only read the list
method_names = functools.lru_cache(maxsize=None)(moto.core.responses.method_names_from_class)
moto.core.responses.method_names_from_class = lambda clazz: method_names(clazz)

# a compiled JSONPath is only read (find), so one per path serves every event
try:
    import jsonpath_ng.ext
except ImportError:  # an install without EventBridge's input paths: nothing to keep
    pass
else:
    jsonpath_ng.ext.parse = functools.lru_cache(maxsize=1024)(jsonpath_ng.ext.parse)

# Keep-alive. werkzeug's development server closes every connection after its response ("Connection: close"),
# because Python's http.server cannot skip what an application left unread of a request's body before it reads the
# next request line. So every call from the local stack cost a TCP connection on both sides and a new thread here.
# The patch reads a body of known length whole before the application sees it (wsgi.input is then those bytes) and
# leaves the connection open after such a request, as HTTP/1.1 allows; a chunked body still closes it.
# After each response werkzeug also discards whatever else the socket holds (reading until 10 ms pass with nothing
# to read): on a kept connection that would swallow the next request, and it made every request 10 ms longer.
# After a body read whole there is nothing of this request left to discard, so that pass is skipped.
import io  # noqa: E402
import selectors  # noqa: E402

import werkzeug.serving  # noqa: E402
from werkzeug.serving import WSGIRequestHandler  # noqa: E402

unpatched_make_environ = WSGIRequestHandler.make_environ
unpatched_send_header = WSGIRequestHandler.send_header
request_read_whole = threading.local()  # each connection is served on its own thread


def make_environ(self):
    environ = unpatched_make_environ(self)
    request_read_whole.value = False
    if "wsgi.input_terminated" in environ:  # chunked: werkzeug reads it to its end itself
        return environ
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return environ
    if length < 0:
        return environ
    environ["wsgi.input"] = io.BytesIO(self.rfile.read(length) if length else b"")
    request_read_whole.value = True
    return environ


class NothingLeftToDiscard:
    """The selector werkzeug's discard pass gets after a request read whole: nothing is ever ready."""

    def register(self, *args, **kwargs):
        pass

    def select(self, timeout=None):
        return []

    def close(self):
        pass


class ServingSelectors:
    """`selectors` as werkzeug.serving sees it (it uses them only for the discard pass)."""

    EVENT_READ = selectors.EVENT_READ

    @staticmethod
    def DefaultSelector():  # noqa: N802 (the name werkzeug calls)
        if getattr(request_read_whole, "value", False):
            return NothingLeftToDiscard()
        return selectors.DefaultSelector()


werkzeug.serving.selectors = ServingSelectors


def send_header(self, keyword, value):
    if keyword.lower() == "connection" and value.lower() == "close" and getattr(request_read_whole, "value", False):
        return  # the request's body was read whole: the next request on this connection starts where it ends
    unpatched_send_header(self, keyword, value)


WSGIRequestHandler.make_environ = make_environ
WSGIRequestHandler.send_header = send_header
# werkzeug writes a response's headers and its body apart: on a kept connection, Nagle's algorithm held the body
# until the client's delayed ACK of the headers (40 ms a response).
WSGIRequestHandler.disable_nagle_algorithm = True

from moto.server import main  # noqa: E402

main(sys.argv[1:])
