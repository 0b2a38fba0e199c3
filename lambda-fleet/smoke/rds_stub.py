import http.server, sys
BODY = b'''<DescribeAccountAttributesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeAccountAttributesResult><AccountQuotas><AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName><Used>22</Used><Max>40</Max></AccountQuota></AccountQuotas></DescribeAccountAttributesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeAccountAttributesResponse>'''
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0)); self.rfile.read(n)
        self.send_response(200); self.send_header('Content-Type', 'text/xml'); self.send_header('Content-Length', str(len(BODY))); self.end_headers(); self.wfile.write(BODY)
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
