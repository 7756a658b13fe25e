using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>
/// A throwaway CA with a relay server certificate for `*.hubble-relay.cilium.io` and a client certificate, written
/// as PEM files so the real file-based TLS options are exercised. A second, unrelated CA serves negative tests.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string RelayServerName = "ui.hubble-relay.cilium.io";

    private readonly TempDirectory _dir = new();

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("CN=Cilium CA", caKey);
        CaFile = WriteCertificate("ca.crt", ca);
        (ServerCertFile, ServerKeyFile) = Issue("server", ca, "CN=*.hubble-relay.cilium.io", "1.3.6.1.5.5.7.3.1", "*.hubble-relay.cilium.io");
        (ClientCertFile, ClientKeyFile) = Issue("client", ca, "CN=flowauditor.hubble-client.cilium.io", "1.3.6.1.5.5.7.3.2", null);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = CreateCa("CN=Some Other CA", otherKey);
        OtherCaFile = WriteCertificate("other-ca.crt", other);
        (OtherClientCertFile, OtherClientKeyFile) = Issue("other-client", other, "CN=intruder", "1.3.6.1.5.5.7.3.2", null);
    }

    public string CaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    public string OtherCaFile { get; }

    public string OtherClientCertFile { get; }

    public string OtherClientKeyFile { get; }

    public void Dispose() => _dir.Dispose();

    private static X509Certificate2 CreateCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private (string Cert, string Key) Issue(string name, X509Certificate2 ca, string subject, string usageOid, string? dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (dnsName is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(12));
        var certFile = WriteCertificate(name + ".crt", certificate);
        var keyFile = _dir.File(name + ".key");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    private string WriteCertificate(string name, X509Certificate2 certificate)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
