// Prints the garbage collections in a dotnet-trace nettrace (gc-collect profile): when, generation, reason, how long the
// collection and the pause took, the generations' sizes after it and the bytes promoted out of gen0 and gen1.
using Microsoft.Diagnostics.Tracing;

using var source = new EventPipeEventSource(args[0]);
double suspendedAt = 0, startedAt = 0;
var started = "";
source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStampRelativeMSec;
source.Clr.GCStart += e => (startedAt, started) = (e.TimeStampRelativeMSec, $"gen{e.Depth} {e.Reason}");
source.Clr.GCHeapStats += e => Console.WriteLine(
    $"{startedAt,8:F0} ms  {started,-16}  gen0 {e.GenerationSize0 / 1e6,5:F1} MB  gen1 {e.GenerationSize1 / 1e6,5:F1}  gen2 {e.GenerationSize2 / 1e6,5:F1}"
    + $"  promoted from gen0 {e.TotalPromotedSize0 / 1e6:F2} MB, from gen1 {e.TotalPromotedSize1 / 1e6:F2}");
source.Clr.GCStop += e => Console.Write($"{e.TimeStampRelativeMSec - startedAt,6:F1} ms collecting, ");
source.Clr.GCRestartEEStop += e => Console.WriteLine($"{e.TimeStampRelativeMSec - suspendedAt:F1} ms paused");
source.Process();
