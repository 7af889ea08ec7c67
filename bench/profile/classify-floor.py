#!/usr/bin/env python3
# Classifies perf samples of bench/StreamFloor (a process that only reads model streams) by the leaf-most frame that
# names a component: python3 bench/profile/classify-floor.py perf.data
import subprocess, sys, collections, re
data = sys.argv[1]
out = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym,dso"], capture_output=True, text=True).stdout
rules = [
 ("JIT", r"libclrjit"),
 ("System.Text.Json (chunk parse)", r"System\.Text\.Json|ChunkWire"),
 ("OpenTelemetry SDK (metrics/traces recording)", r"\[OpenTelemetry|OpenTelemetry\.(Metrics|Trace)|System\.Diagnostics\.Metrics|System\.Diagnostics\.DiagnosticSource|Activity"),
 ("M.E.AI OpenTelemetryChatClient", r"OpenTelemetryChatClient"),
 ("project client layers (TextStreaming, Measured, ...)", r"PortfolioAdvisor"),
 ("M.E.AI other", r"Microsoft\.Extensions\.AI"),
 ("SseParser", r"ServerSentEvents"),
 ("HTTP client", r"System\.Net\.Http"),
 ("sockets engine", r"System\.Net\.Sockets"),
 ("thread pool / async machinery", r"ThreadPool|ExecutionContext|AsyncTaskMethodBuilder|AsyncStateMachineBox|Tasks\.Task|PortableThreadPool|LowLevel"),
]
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
    if "kernel" in leaf: cats["kernel (no managed caller named)"] += 1
    elif "libcoreclr" in leaf: cats["coreclr (GC, stubs)"] += 1
    else: cats["other: " + (leaf.split()[-1] if leaf.split() else "?")] += 1
frames = []
for line in out.splitlines():
    if not line.strip():
        flush(frames); frames = []
    else:
        frames.append(line.strip())
flush(frames)
for name, n in cats.most_common(16):
    print(f"{100*n/total:5.1f}%  {name}")
print("samples", total)
