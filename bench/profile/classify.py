#!/usr/bin/env python3
# Classifies perf samples by the leaf-most frame that names a component: of the self-host by default, or with --floor of
# bench/StreamFloor (a process that only reads model streams), whose model client it splits finer.
#   python3 bench/profile/classify.py perf.data [--floor]
import subprocess, sys, collections, re
data = sys.argv[1]
floor = "--floor" in sys.argv[2:]
out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym,dso"], capture_output=True, text=True).stdout
host_rules = [  # (category, regex on a frame), leaf first wins
 ("JIT compiler", r"libclrjit"),
 ("SQLite engine (event log + engine store)", r"libe_sqlite3"),
 ("model stream parsing (OpenAI SDK, System.ClientModel)", r"\[OpenAI\]|System\.ClientModel|OpenAIChatModel"),
 ("event log writer (EventAppendWriter, Microsoft.Data.Sqlite)", r"EventAppendWriter|SqliteRunEventLog"),
 ("SSE listener (EventStreamResult)", r"EventStreamResult|RunChangeNotifier"),
 ("hub publish (HubRunEventPublisher, SignalR)", r"HubRunEventPublisher|AspNetCore\.SignalR|Http\.Connections"),
 ("advisor loop (StreamingAdvisor, ReplyEmitter, DeltaReader, coalescer)", r"StreamingAdvisor|ReplyEmitter|DeltaReader|TokenCoalescer|RunLiveness|RunEventWriter"),
 ("analyses (activities, analytics, engine store)", r"PortfolioAdvisor\.Analytics|AnalysisActivities|FundAnalysis|Orchestration|MarketData|PortfolioAdvisor\.Portfolio"),
 ("Kestrel, sockets, HTTP client", r"Kestrel|System\.Net\.|Pipelines|AspNetCore"),
]
floor_rules = [
 ("JIT compiler", r"libclrjit"),
 ("System.Text.Json (chunk parse)", r"System\.Text\.Json|ChunkWire"),
 ("OpenTelemetry SDK (metrics/traces recording)", r"\[OpenTelemetry|OpenTelemetry\.(Metrics|Trace)|System\.Diagnostics\.Metrics|System\.Diagnostics\.DiagnosticSource|Activity"),
 ("Microsoft.Extensions.AI OpenTelemetryChatClient", r"OpenTelemetryChatClient"),
 ("project client layers (TextStreamingChatClient, MeasuredChatClient, ...)", r"PortfolioAdvisor"),
 ("Microsoft.Extensions.AI, other", r"Microsoft\.Extensions\.AI"),
 ("SseParser", r"ServerSentEvents"),
 ("HTTP client", r"System\.Net\.Http"),
 ("sockets engine", r"System\.Net\.Sockets"),
 ("thread pool and async machinery", r"ThreadPool|ExecutionContext|AsyncTaskMethodBuilder|AsyncStateMachineBox|Tasks\.Task|PortableThreadPool|LowLevel"),
]
rules = floor_rules if floor else host_rules
cats = collections.Counter(); total = 0
def flush(frames):
    global total
    if not frames: return
    total += 1
    for f in frames:
        for name, rx in rules:
            if re.search(rx, f):
                cats[name] += 1; return
    leaf = frames[0]
    if "kernel" in leaf: cats["kernel (other: scheduling, syscalls)"] += 1
    elif "libcoreclr" in leaf or "[unknown]" in leaf: cats["runtime (GC, thread pool, stubs; unattributed)"] += 1
    else: cats["other managed / libc"] += 1
frames = []
for line in out.splitlines():
    if not line.strip():
        flush(frames); frames = []; continue
    if line.startswith((" ", "\t")):
        frames.append(line.strip())
flush(frames)
for k, v in cats.most_common():
    print(f"| {k} | {100*v/total:.1f} % |")
print(f"| samples | {total} |")
