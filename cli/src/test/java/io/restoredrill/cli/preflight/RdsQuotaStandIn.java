package io.restoredrill.cli.preflight;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restoredrill.core.testing.MotoServer;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The RDS endpoint of the preflight tests: moto for every call it serves, proxied through WireMock, and the one it
 * does not serve, DescribeAccountAttributes, answered with the response the API Reference documents
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeAccountAttributes.html, Response Elements
 * and the sample response; AccountQuota: .../API_AccountQuota.html, {@code DBInstances} a count,
 * {@code AllocatedStorage} in GiB). core's RdsQueryApiStub answers only what it is told and cannot pass the rest on
 * to moto, hence a proxy here.
 */
public final class RdsQuotaStandIn implements AutoCloseable {

    private final WireMockServer server;

    public RdsQuotaStandIn() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        reset();
    }

    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** Every other call to moto, and the quotas as the documented sample: 22 of 40 DB instances in use. */
    public void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse()
                .proxiedFrom(MotoServer.endpoint().toString())));
        quotas(22, 40, 3_500, 100_000);
    }

    /** From now on, the account has {@code instancesUsed} of {@code instancesMax} DB instances, and storage likewise. */
    public void quotas(long instancesUsed, long instancesMax, long storageUsedGib, long storageMaxGib) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAccountAttributes"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <DescribeAccountAttributesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                          <DescribeAccountAttributesResult>
                            <AccountQuotas>
                              <AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName><Used>%d</Used><Max>%d</Max></AccountQuota>
                              <AccountQuota><AccountQuotaName>ReservedDBInstances</AccountQuotaName><Used>0</Used><Max>40</Max></AccountQuota>
                              <AccountQuota><AccountQuotaName>AllocatedStorage</AccountQuotaName><Used>%d</Used><Max>%d</Max></AccountQuota>
                              <AccountQuota><AccountQuotaName>DBSecurityGroups</AccountQuotaName><Used>0</Used><Max>25</Max></AccountQuota>
                              <AccountQuota><AccountQuotaName>DBSubnetGroups</AccountQuotaName><Used>2</Used><Max>50</Max></AccountQuota>
                            </AccountQuotas>
                          </DescribeAccountAttributesResult>
                          <ResponseMetadata><RequestId>9c2d5e2b-7f62-4a3c-8c3e-6e8f1b0d2a11</RequestId></ResponseMetadata>
                        </DescribeAccountAttributesResponse>
                        """.formatted(instancesUsed, instancesMax, storageUsedGib, storageMaxGib))));
    }

    /** The form fields of every DescribeAccountAttributes received. */
    public List<Map<String, String>> quotaRequests() {
        return server.findAll(postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=DescribeAccountAttributes"))).stream()
                .map(LoggedRequest::getBodyAsString).map(SimulatorStandIn::form).toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
