// Every test here starts real kg processes (servers on loopback ports, a Ctrl+C mid-fetch, a benchmark with
// cold starts): one at a time, so no two compete for a port or the two cores they are timed against.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
