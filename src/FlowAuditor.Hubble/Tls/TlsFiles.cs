using System.Security.Cryptography.X509Certificates;

namespace FlowAuditor.Hubble.Tls;

/// <summary>Loads the PEM files Cilium's certgen and cert-manager write (ca.crt, tls.crt, tls.key).</summary>
internal static class TlsFiles
{
    public static X509Certificate2Collection LoadCaBundle(string path)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            throw new InvalidDataException($"no PEM certificate found in CA file '{path}'");
        }

        return roots;
    }

    /// <summary>Certificate with its private key, re-imported so SslStream can use the key on every platform.</summary>
    public static X509Certificate2 LoadCertificateWithKey(string certFile, string keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
