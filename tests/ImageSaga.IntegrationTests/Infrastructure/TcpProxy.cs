using System.Net;
using System.Net.Sockets;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a real server (RabbitMQ, PostgreSQL), so a test can make that server vanish for one
/// process (refuse new connections and cut the open ones) and come back on the same port, without stopping the server
/// every other test uses.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    readonly IPEndPoint _target;
    readonly List<TcpClient> _connections = [];
    TcpListener? _listener;
    CancellationTokenSource? _running;

    TcpProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public bool IsUp => _listener is not null;

    public static TcpProxy Start(string targetHost, int targetPort)
    {
        var address = Dns.GetHostAddresses(targetHost).First(address => address.AddressFamily == AddressFamily.InterNetwork);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new TcpProxy(new IPEndPoint(address, targetPort), port);
        proxy.Up();
        return proxy;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Up()
    {
        if (_listener is not null)
            return;
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _running.Token);
    }

    /// <summary>Stops listening and cuts every relayed connection, as when the server goes away.</summary>
    public void Down()
    {
        _running?.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_connections)
        {
            foreach (var connection in _connections)
                connection.Dispose();
            _connections.Clear();
        }
    }

    async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = RelayAsync(client, cancellationToken);
        }
    }

    async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var server = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target, cancellationToken);
            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            await Task.WhenAny(clientStream.CopyToAsync(serverStream, cancellationToken), serverStream.CopyToAsync(clientStream, cancellationToken));
        }
        catch (Exception)
        {
            // A cut connection ends its relay; that is the point.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }
}
