"""Issued documents: the PDFs the program signs off (invoices, receipts, credit notes, visa
letters, certificates), each with a random verification code printed on every page and as a
QR code, the public /verify/<code>/ page that says whether it is genuine, and revocation.

Part of the core: it imports no app. An app registers its kinds (`kinds.register`) in its
AppConfig.ready, writes a document's body through `services.issue_document(build=...)` with
the helpers of `rendering.IssuedPDF`, and serves the file from its own views (which decide
who may download) with `responses.issued_document_response`.
"""
