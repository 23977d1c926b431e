#!/usr/bin/env bash
# Makes the small test PDFs under src/__fixtures__ offline, with groff + ghostscript
# (Debian: apt-get install -y groff ghostscript). The outputs are committed; rerun this only to change them.
# Each file is one case of issue 3: hyphenation, running headers/footers, two columns, duplicates,
# and the bad inputs (encrypted, truncated, zero-byte, not a PDF, image-only "scanned" page).
set -euo pipefail
cd "$(dirname "$0")/../src/__fixtures__"
export SOURCE_DATE_EPOCH=1700000000   # reproducible groff output
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pdf() { groff -k -ms -Tpdf -P-pa4 "$1" > "$2"; }

# Layout cases printed by Chromium (Debian: apt-get install -y chromium), as a browser or an office
# suite would print them: `make-fixtures.sh layout` makes only these.
# - layout/entrelazadas.pdf: two columns whose content stream goes line by line across both (each
#   line is placed on its own, left and right in turn): read in stream order, every line would mix
#   the two articles; read by the items' positions, each article comes out whole.
# - layout/tabla.pdf: a title, prose, a table with cell padding (as Word and LibreOffice draw them)
#   and more prose: the rows come out one by one, with their cells.
layout_fixtures() {
  mkdir -p layout
  local left='La tienda en línea de la cooperativa vendió más zapatillas durante la campaña de primavera que en todo el año anterior. El equipo de marketing digital comparó los anuncios en buscadores con el correo electrónico y decidió invertir más en el segundo canal. La directora presentó los resultados en Valencia ante los socios de la empresa.'
  local right='Las redes sociales trajeron menos ventas de las que esperaba el equipo, aunque las reseñas de los clientes mejoraron mucho en marzo. Los vídeos cortos llegaron a un público joven que no conocía la marca. El presupuesto de publicidad programática bajará un diez por ciento en otoño.'
  {
    echo '<!doctype html><html lang="es"><meta charset="utf-8"><style>body{font:10.5pt "Liberation Serif";margin:0} .p{position:relative;height:20em} .p div{position:absolute;white-space:nowrap} h1{font-size:16pt}</style>'
    echo '<h1>Dos columnas entrelazadas</h1><div class="p">'
    paste -d '\t' <(echo "$left" | fmt -w 48) <(echo "$right" | fmt -w 48) | awk -F'\t' '{
      top = sprintf("%.1f", (NR - 1) * 1.3)
      if ($1 != "") printf "<div style=\"top:%sem;left:0\">%s</div>\n", top, $1
      if ($2 != "") printf "<div style=\"top:%sem;left:52%%\">%s</div>\n", top, $2
    }'
    echo '</div></html>'
  } > "$tmp/entrelazadas.html"
  cat > "$tmp/tabla.html" <<'HTML'
<!doctype html><html lang="es"><meta charset="utf-8"><style>body{font:11pt "Liberation Serif"} table{border-collapse:collapse;margin:1em 0} td,th{border:1px solid #444;padding:2pt 6pt;text-align:left} td.n{text-align:right}</style>
<h1>Resultados del trimestre</h1>
<p>La tienda en línea de la cooperativa comparó sus canales de venta durante el primer trimestre del año.</p>
<table>
<tr><th>Canal</th><th>Pedidos</th><th>Coste (euros)</th></tr>
<tr><td>Correo electrónico</td><td class="n">1250</td><td class="n">300</td></tr>
<tr><td>Anuncios en buscadores</td><td class="n">980</td><td class="n">1200</td></tr>
<tr><td>Redes sociales</td><td class="n">640</td><td class="n">850</td></tr>
<tr><td>Vídeos cortos</td><td class="n">410</td><td class="n">500</td></tr>
</table>
<p>El equipo de marketing digital decidió invertir más en el correo electrónico durante el segundo trimestre.</p>
</html>
HTML
  for f in entrelazadas tabla; do
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="layout/$f.pdf" "$tmp/$f.html" 2>/dev/null
  done
}
if [ "${1:-}" = layout ]; then layout_fixtures; ls -l layout; exit 0; fi

# 1. Line-end hyphens. No-fill mode (.nf) keeps these exact lines, so the PDF has the hyphens where we put them.
cat > "$tmp/guiones.ms" <<'MS'
.TL
Guiones al final de la línea
.LP
.nf
La estrategia de marketing digital de la em-
presa se basa en el posicionamiento orgáni-
co y en campañas de pago. El enfoque teórico-práctico
del curso es útil. El análisis teórico-
práctico del embudo de conversión mues-
tra que la tasa de rebote bajó. El informe económico-
financiero se presentó en Madrid. El balance económico-financiero
fue positivo. La empresa mejoró su posiciona-
miento en buscadores durante el trimestre.
.fi
MS
pdf "$tmp/guiones.ms" guiones.pdf

# 2. Running header, footer with page numbers, six pages of distinct paragraphs.
{
  echo '.nh'
  echo '.ds LH Informe de marketing digital'
  echo '.ds CH'
  echo '.ds RH Grupo Norte'
  echo '.ds CF Página %'
  echo '.TL'
  echo 'Informe anual de comercio electrónico'
  products=(zapatillas bolsos relojes gafas libros juguetes cosméticos muebles bicicletas cafeteras lámparas mochilas)
  channels=('el correo electrónico' 'las redes sociales' 'los anuncios en buscadores' 'los afiliados' 'el posicionamiento orgánico' 'los vídeos cortos' 'las reseñas de clientes')
  for i in $(seq 1 110); do
    p=${products[$((i % 12))]}; c=${channels[$((i % 7))]}; q=${channels[$(((i * 3) % 7))]}
    echo '.PP'
    echo "En la campaña $i la tienda vendió $p sobre todo gracias a $c, con un presupuesto de $((i * 130)) euros."
    if (( i % 2 )); then echo "El equipo comparó $c con $q y decidió repetir la prueba con $p durante $((i % 5 + 2)) semanas."; fi
    if (( i % 3 == 0 )); then echo "La tasa de conversión de $p subió al $((i % 9 + 1)),$((i % 7))% y el coste por clic bajó."; fi
  done
} > "$tmp/cabeceras.ms"
pdf "$tmp/cabeceras.ms" cabeceras.pdf

# 3. Two columns (.2C): 30 numbered blocks flow down the left column, then the right one. Read line by
# line across the page, the sentences would come out cut and interleaved.
{
  echo '.nh'
  echo '.TL'
  echo 'Dos columnas'
  echo '.2C'
  for i in $(seq 1 30); do
    echo '.PP'
    echo "Bloque $i: el comercio electrónico en España creció durante el año y las pymes vendieron más en línea."
  done
} > "$tmp/columnas.ms"
pdf "$tmp/columnas.ms" columnas.pdf

# 4. Duplicates: a byte-identical copy, and a different document that repeats one paragraph of guiones.pdf.
cp guiones.pdf guiones-copia.pdf
cat > "$tmp/repetido.ms" <<'MS'
.TL
Otro documento
.LP
La empresa mejoró su posicionamiento en buscadores durante el trimestre.
.LP
Este párrafo solo aparece en este documento sobre publicidad programática.
MS
pdf "$tmp/repetido.ms" repetido.pdf

# 5. Bad inputs.
mkdir -p malos
gs -q -sDEVICE=pdfwrite -sOwnerPassword=propietario -sUserPassword=usuario -dEncryptionR=3 -dKeyLength=128 \
   -o malos/cifrado.pdf guiones.pdf
head -c 1500 cabeceras.pdf > malos/truncado.pdf
: > malos/vacio.pdf
printf 'Esto no es un PDF sino un texto con la extensión equivocada.\n' > malos/no-es-pdf.pdf
# Image-only page: ghostscript rasterises a page of Spanish prose into a bitmap PDF at 150 dpi, as a
# scanner would (no text layer); OCR (--ocr auto) must get its text back.
rm -f malos/escaneado.pdf
cat > "$tmp/escaneado.ms" <<'MS'
.TL
Informe de comercio electrónico
.LP
La tienda en línea de la cooperativa vendió más zapatillas durante la campaña de primavera. El equipo de marketing digital comparó los anuncios en buscadores con las redes sociales y decidió invertir más en el correo electrónico.
.LP
La tasa de conversión subió al tres por ciento y el coste por clic bajó en marzo. La directora presentó los resultados en Valencia ante los socios de la empresa.
MS
pdf "$tmp/escaneado.ms" "$tmp/escaneado-texto.pdf"
gs -q -sDEVICE=pdfimage8 -r150 -o escaneado.pdf "$tmp/escaneado-texto.pdf"

# 6. Structure: a title, a table of contents with dot leaders, a numbered heading, a list and a code
# block. Titles and headings must come out as their own records, list items one by one, the
# contents lines marked toc (and skipped by default), the code marked code.
cat > "$tmp/estructura.ms" <<'MS'
.TL
Plan de marketing digital
.LP
.nf
Introducción . . . . . . . . . . . . . . . . . . . . 1
Resultados de la campaña . . . . . . . . . . . . . . 2
.fi
.NH 1
Resultados de la campaña
.LP
La tasa de conversión subió al tres por ciento en marzo gracias a los anuncios en buscadores.
.LP
.nf
1. Publicar dos artículos por semana en el blog de la tienda.
2. Enviar el boletín a los clientes los martes por la mañana.
.fi
.LP
.nf
.ft CW
if (clics > 100) { enviarInforme(equipo); }
total = visitas * tasa;
.ft
.fi
.LP
El equipo de ventas revisará el plan en la reunión de abril.
MS
pdf "$tmp/estructura.ms" estructura.pdf

# 8. Positions (issue 18, pdftotext -bbox-layout): a title set larger that pdftotext's plain text runs
# into the paragraph after it (one flow, no blank line), and two items side by side on one line (a tab
# stop), which the word boxes show apart: read as one line, they would be one sentence.
cat > "$tmp/posiciones.ms" <<'MS'
.nh
.LP
.ps 16
.vs 20
.B "Resultados de las campañas de primavera y verano de la tienda en línea"
.ps 10
.vs 12
.br
La cooperativa abrió su tienda en línea en enero y vendió zapatillas en toda la península ibérica durante el invierno.
.LP
.nf
.ta 2.38i
Correo electrónico y boletines	Anuncios en buscadores y redes
.fi
.LP
El equipo de marketing digital decidió invertir más en el correo electrónico durante la primavera.
MS
mkdir -p layout
pdf "$tmp/posiciones.ms" layout/posiciones.pdf

# 7. Text passthrough.
printf 'Notas de la reunión\n\nEl equipo de SEO propuso mejorar los enlaces internos. La directora aprobó el plan.\n\nEl presupuesto de anuncios en buscadores sube un 12%% en marzo.\n' > notas.txt
layout_fixtures
ls -l . malos layout
