// The circuit is one WebSocket, opened without SignalR's negotiate request: behind a proxy that balances each TCP
// connection, a negotiate answered by one replica and a socket opened to another would not find each other
// (docs/decisions/0024). A socket that drops and comes back on another replica finds no circuit there; Blazor then
// reloads the page, which works on any replica.
Blazor.start({
    circuit: {
        configureSignalR: builder => builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 /* WebSockets */ }),
    },
});
