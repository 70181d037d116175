// Preloaded (`-r`) into every server a benchmark starts (startServerProcess): the server exits when
// the benchmark does, however it ends. The IPC channel to the parent closes when the parent dies,
// even by SIGKILL, so a stopped run leaves no server holding a port and a core.
process.on('disconnect', () => process.exit(0));
