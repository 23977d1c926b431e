#!/usr/bin/env bash
# Rebuilds the example PDFs from the .txt sources (groff -ms; texts written for nerflow, CC0).
# Needs Debian's groff and ghostscript: apt-get install -y groff ghostscript
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p ../pdfs
for f in *.txt; do
  groff -k -ms -Tpdf "$f" > "../pdfs/${f%.txt}.pdf"
done
ls -la ../pdfs
