using System;
using System.Threading.Tasks;
using AlibabaCloud.SDK.Kms20160120;
using AlibabaCloud.SDK.Kms20160120.Models;
using Tea;

namespace Example.Payments.Secrets
{
    /// <summary>Reads secrets from KMS Secrets Manager with the Tea SDK (AlibabaCloud.SDK.Kms20160120).</summary>
    public sealed class AliyunKmsClient
    {
        private readonly Client _client;

        public AliyunKmsClient(Client client) => _client = client;

        /// <summary>Returns the secret value, or null when the secret does not exist.</summary>
        public async Task<string?> GetSecretAsync(string secretName, int attempts = 3)
        {
            var request = new GetSecretValueRequest { SecretName = secretName, VersionStage = "ACSCurrent" };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var response = await _client.GetSecretValueAsync(request);
                    return response.Body.SecretData;
                }
                catch (TeaException ex) when (ex.Code == "Forbidden.ResourceNotFound")
                {
                    return null;
                }
                catch (TeaException ex) when ((ex.Code == "Rejected.Throttling" || ex.Code == "ServiceUnavailableTemporary")
                                              && attempt < attempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
                }
                catch (TeaException ex) when (ex.Code == "Forbidden.NoPermission")
                {
                    throw new UnauthorizedAccessException(
                        $"RAM policy does not allow kms:GetSecretValue on {secretName}: {ex.Message}", ex);
                }
            }
        }
    }
}
