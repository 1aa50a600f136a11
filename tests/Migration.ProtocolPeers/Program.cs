using Migration.ProtocolPeers;
using Migration.ProtocolPeers.Ews;
using Migration.ProtocolPeers.Entra;
using Migration.ProtocolPeers.Google;
using Migration.ProtocolPeers.Graph;

// Stand-ins for the cloud services that cannot run here: each speaks its service's real wire protocol and enforces its
// documented behaviour, keeps what it saw for the tests, and takes its users and rights through /peer/{name}/... .
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.UsePeerCertificate();
builder.Services.AddEwsPeer().AddEntraPeer().AddGraphPeer().AddGooglePeer();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEwsPeer();
app.MapEntraPeer();
app.MapGraphPeer();
app.MapGooglePeer();
app.SeedMicrosoftDemo();
app.Run();
