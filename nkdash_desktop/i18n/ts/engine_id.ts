<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en">
<context>
    <name>Argparse</name>
    <message>
        <source>usage: </source>
        <translation>pemakaian: </translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>argumen posisi</translation>
    </message>
    <message>
        <source>options</source>
        <translation>opsi</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>tampilkan bantuan ini lalu keluar</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s: galat: %(message)s
</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>argumen berikut wajib diisi: %s</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>argumen tidak dikenal: %s</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>pilihan tidak valid: %(value)r (pilih dari %(choices)s)</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>argumen %(argument_name)s: %(message)s</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>butuh satu nilai</translation>
    </message>
    <message>
        <source>expected at least one argument</source>
        <translation>butuh paling sedikit satu nilai</translation>
    </message>
    <message>
        <source>expected at most one argument</source>
        <translation>paling banyak satu nilai</translation>
    </message>
    <message>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>nilai %(type)s tidak valid: %(value)r</translation>
    </message>
    <message>
        <source>not allowed with argument %s</source>
        <translation>tidak boleh bersama argumen %s</translation>
    </message>
    <message>
        <source>one of the arguments %s is required</source>
        <translation>salah satu argumen %s wajib diisi</translation>
    </message>
    <message>
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>opsi ambigu: %(option)s bisa berarti %(matches)s</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>argumen %r diabaikan</translation>
    </message>
</context>
<context>
    <name>Attention</name>
    <message>
        <source>revenue</source>
        <translation>pendapatan</translation>
    </message>
    <message>
        <source>transactions</source>
        <translation>transaksi</translation>
    </message>
    <message>
        <source>below cost</source>
        <translation>di bawah harga pokok</translation>
    </message>
    <message>
        <source>promotion</source>
        <translation>promo</translation>
    </message>
    <message>
        <source>refunds</source>
        <translation>retur</translation>
    </message>
    <message>
        <source>last run failed</source>
        <translation>proses terakhir gagal</translation>
    </message>
    <message>
        <source>last run partial</source>
        <translation>proses terakhir tidak lengkap</translation>
    </message>
    <message>
        <source>last run interrupted</source>
        <translation>proses terakhir terputus</translation>
    </message>
    <message>
        <source>{amounts} lost</source>
        <translation>rugi {amounts}</translation>
    </message>
    <message>
        <source>{count} on promotion</source>
        <translation>{count} karena promo</translation>
    </message>
    <message>
        <source>{count} through refunds</source>
        <translation>{count} karena retur</translation>
    </message>
    <message>
        <source>{count} product</source>
        <translation>{count} produk</translation>
    </message>
    <message>
        <source>{count} products</source>
        <translation>{count} produk</translation>
    </message>
    <message>
        <source>{products} sold below cost ({causes}): {figure}</source>
        <translation>{products} terjual di bawah harga pokok ({causes}): {figure}</translation>
    </message>
    <message>
        <source>{products} sold below cost: {figure}</source>
        <translation>{products} terjual di bawah harga pokok: {figure}</translation>
    </message>
    <message>
        <source>Sold below cost</source>
        <translation>Terjual di bawah harga pokok</translation>
    </message>
    <message>
        <source>largest {change}</source>
        <translation>terbesar {change}</translation>
    </message>
    <message>
        <source>{figure} ({up} up, {down} down)</source>
        <translation>{figure} ({up} naik, {down} turun)</translation>
    </message>
    <message>
        <source>{count} cost</source>
        <translation>{count} harga pokok</translation>
    </message>
    <message>
        <source>{count} costs</source>
        <translation>{count} harga pokok</translation>
    </message>
    <message>
        <source>{count} day</source>
        <translation>{count} hari</translation>
    </message>
    <message>
        <source>{count} days</source>
        <translation>{count} hari</translation>
    </message>
    <message>
        <source>{costs} changed by more than {percent}% on a bill of the last {days}: {figure}</source>
        <translation>{costs} berubah lebih dari {percent}% pada tagihan {days} terakhir: {figure}</translation>
    </message>
    <message>
        <source>Cost jump</source>
        <translation>Lonjakan harga pokok</translation>
    </message>
    <message>
        <source>{count} already out of stock</source>
        <translation>{count} sudah habis</translation>
    </message>
    <message>
        <source>{products} will run out within {days} days: {figure}</source>
        <translation>{products} akan habis dalam {days} hari: {figure}</translation>
    </message>
    <message>
        <source>{products} will run out within {days} days</source>
        <translation>{products} akan habis dalam {days} hari</translation>
    </message>
    <message>
        <source>Running out</source>
        <translation>Hampir habis</translation>
    </message>
    <message>
        <source>{amounts} tied up</source>
        <translation>{amounts} tertahan di stok</translation>
    </message>
    <message>
        <source>{count} without a known cost</source>
        <translation>{count} tanpa harga pokok</translation>
    </message>
    <message>
        <source>{products} on hand unsold for {days} days or more: {figure}</source>
        <translation>{products} di stok tidak terjual selama {days} hari atau lebih: {figure}</translation>
    </message>
    <message>
        <source>Dead stock</source>
        <translation>Stok mati</translation>
    </message>
    <message>
        <source>{metric} {value} (usual {usual})</source>
        <translation>{metric} {value} (biasanya {usual})</translation>
    </message>
    <message>
        <source>{day} was unusual: {figure}</source>
        <translation>{day} tidak seperti biasa: {figure}</translation>
    </message>
    <message>
        <source>Unusual day</source>
        <translation>Hari tidak biasa</translation>
    </message>
    <message>
        <source>{amounts} of sales</source>
        <translation>penjualan {amounts}</translation>
    </message>
    <message>
        <source>{products} sold without a known cost: {figure}</source>
        <translation>{products} terjual tanpa harga pokok: {figure}</translation>
    </message>
    <message>
        <source>Unknown costs</source>
        <translation>Harga pokok belum diketahui</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>belum pernah sinkron</translation>
    </message>
    <message>
        <source>the lake has no data yet: run a sync</source>
        <translation>belum ada data: jalankan sinkronisasi</translation>
    </message>
    <message>
        <source>run {id} ({trigger})</source>
        <translation>proses {id} ({trigger})</translation>
    </message>
    <message>
        <source>data only up to {day}</source>
        <translation>data hanya sampai {day}</translation>
    </message>
    <message>
        <source>lake behind</source>
        <translation>data tertinggal</translation>
    </message>
    <message>
        <source>no profit yet for {day}</source>
        <translation>laba {day} belum dihitung</translation>
    </message>
    <message>
        <source>profit not computed</source>
        <translation>laba belum dihitung</translation>
    </message>
    <message>
        <source>oldest last sync {when} UTC</source>
        <translation>sinkron terakhir paling lama {when} UTC</translation>
    </message>
    <message>
        <source>not synced for over a day</source>
        <translation>lebih dari sehari belum sinkron</translation>
    </message>
    <message>
        <source>{count} data problem</source>
        <translation>{count} masalah data</translation>
    </message>
    <message>
        <source>{count} data problems</source>
        <translation>{count} masalah data</translation>
    </message>
    <message>
        <source>{problems}: {figure}</source>
        <translation>{problems}: {figure}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Nothing needs attention</source>
        <translation>Tidak ada yang perlu diperhatikan</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>unknown rule {rule}; give &apos;any&apos; or some of: {rules}</source>
        <translation>pemeriksaan {rule} tidak dikenal; isi &apos;any&apos; atau beberapa dari: {rules}</translation>
    </message>
    <message>
        <source>all companies</source>
        <translation>semua perusahaan</translation>
    </message>
    <message>
        <source>Needs attention on {day} ({company})</source>
        <translation>Perlu perhatian pada {day} ({company})</translation>
    </message>
    <message>
        <source>print what needs attention on a day (sold below cost, running out, ...)</source>
        <translation>tampilkan yang perlu perhatian pada suatu hari (terjual di bawah harga pokok, hampir habis, ...)</translation>
    </message>
    <message>
        <source>Prints the Overview&apos;s &apos;Needs attention&apos; list. Exit code 0, or 3 when a rule named by --fail-on fires (for scripts).</source>
        <translation>Menampilkan daftar &apos;Perlu perhatian&apos; dari tab Ringkasan. Kode keluar 0, atau 3 jika pemeriksaan yang disebut di --fail-on menyala (untuk skrip).</translation>
    </message>
    <message>
        <source> (default: yesterday)</source>
        <translation> (bawaan: kemarin)</translation>
    </message>
    <message>
        <source>print each finding&apos;s table too</source>
        <translation>tampilkan juga tabel tiap temuan</translation>
    </message>
    <message>
        <source>exit 3 when one of these fires: &apos;any&apos; or some of {rules}</source>
        <translation>keluar dengan kode 3 jika salah satunya menyala: &apos;any&apos; atau beberapa dari {rules}</translation>
    </message>
    <message>
        <source>Password or API key (not shown): </source>
        <translation>Kata sandi atau API key (tidak ditampilkan): </translation>
    </message>
    <message>
        <source>give --url, --database and --login (or set them in Settings first)</source>
        <translation>isi --url, --database dan --login (atau atur dulu di Pengaturan)</translation>
    </message>
    <message>
        <source>{variable} is set, so every run uses it: unset it to store another secret in the keyring, or log in without --password-stdin to record the connection</source>
        <translation>{variable} sudah diisi, jadi setiap proses memakainya: kosongkan dulu untuk menyimpan sandi lain di keyring, atau login tanpa --password-stdin untuk mencatat koneksinya</translation>
    </message>
    <message>
        <source>an empty password or API key cannot be used</source>
        <translation>kata sandi atau API key kosong tidak bisa dipakai</translation>
    </message>
    <message>
        <source>Logged in to Odoo {version} as {user} with {kind} ({transport}); later runs use {transport} straight away.</source>
        <translation>Berhasil login ke Odoo {version} sebagai {user} dengan {kind} ({transport}); proses berikutnya langsung memakai {transport}.</translation>
    </message>
    <message>
        <source>Secret not stored: every run reads it from {variable}; settings: {path}</source>
        <translation>Sandi tidak disimpan: setiap proses membacanya dari {variable}; pengaturan: {path}</translation>
    </message>
    <message>
        <source>Secret stored in the system keyring ({keyring}); settings: {path}</source>
        <translation>Sandi disimpan di keyring sistem ({keyring}); pengaturan: {path}</translation>
    </message>
    <message>
        <source>test credentials and store them in the system keyring (without one: give the secret to every run in NKDASH_ODOO_SECRET)</source>
        <translation>uji login lalu simpan di keyring sistem (tanpa keyring: berikan sandi di setiap proses lewat NKDASH_ODOO_SECRET)</translation>
    </message>
    <message>
        <source>Odoo address, e.g. https://mycompany.odoo.com</source>
        <translation>alamat Odoo, misalnya https://perusahaanku.odoo.com</translation>
    </message>
    <message>
        <source>database name</source>
        <translation>nama database</translation>
    </message>
    <message>
        <source>user login (e-mail)</source>
        <translation>login pengguna (e-mail)</translation>
    </message>
    <message>
        <source>the company to report on: its name or id</source>
        <translation>perusahaan yang dilaporkan: nama atau id-nya</translation>
    </message>
    <message>
        <source>read the password or API key from standard input</source>
        <translation>baca kata sandi atau API key dari input standar</translation>
    </message>
    <message>
        <source>check the Odoo connection and access rights</source>
        <translation>periksa koneksi Odoo dan hak aksesnya</translation>
    </message>
    <message>
        <source>No display here: running headless (the same sync, then the KPIs in text).</source>
        <translation>Tidak ada layar di sini: berjalan tanpa jendela (sinkronisasi yang sama, lalu KPI dalam bentuk teks).</translation>
    </message>
    <message>
        <source>Starting the demo Odoo ({days} days, small shop)…</source>
        <translation>Menjalankan Odoo demo ({days} hari, toko kecil)…</translation>
    </message>
    <message>
        <source>First sync of the demo lake: {first} to {last}</source>
        <translation>Sinkronisasi pertama data demo: {first} sampai {last}</translation>
    </message>
    <message>
        <source>Generating {days} days of demo data ({scale} scale, Odoo {version})…</source>
        <translation>Membuat data demo {days} hari (skala {scale}, Odoo {version})…</translation>
    </message>
    <message>
        <source>Demo Odoo {version}.0 serving {url}  database: {database}  logins: {logins}  API key: {key}</source>
        <translation>Odoo demo {version}.0 melayani {url}  database: {database}  login: {logins}  API key: {key}</translation>
    </message>
    <message>
        <source>Press Ctrl+C to stop.</source>
        <translation>Tekan Ctrl+C untuk berhenti.</translation>
    </message>
    <message>
        <source>serve the built-in demo Odoo on loopback</source>
        <translation>jalankan Odoo demo bawaan di loopback</translation>
    </message>
    <message>
        <source>address to listen on (loopback)</source>
        <translation>alamat yang didengarkan (loopback)</translation>
    </message>
    <message>
        <source>days of history</source>
        <translation>jumlah hari riwayat</translation>
    </message>
    <message>
        <source>install the product_brand add-on</source>
        <translation>pasang add-on product_brand</translation>
    </message>
    <message>
        <source>run the app on the built-in demo Odoo (no setup needed)</source>
        <translation>jalankan aplikasi dengan Odoo demo bawaan (tanpa pengaturan)</translation>
    </message>
    <message>
        <source>no window: sync the demo lake, then print the last 7 days&apos; KPIs</source>
        <translation>tanpa jendela: sinkronkan data demo, lalu tampilkan KPI 7 hari terakhir</translation>
    </message>
    <message>
        <source>the report is an Excel workbook: give --out a name ending in .xlsx, not {name}</source>
        <translation>laporannya berupa workbook Excel: isi --out dengan nama berakhiran .xlsx, bukan {name}</translation>
    </message>
    <message>
        <source>{path} is a folder: give --out a file name ending in .xlsx</source>
        <translation>{path} adalah folder: isi --out dengan nama file berakhiran .xlsx</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist: create it first or give --out another one</source>
        <translation>folder {folder} tidak ada: buat dulu atau isi --out dengan folder lain</translation>
    </message>
    <message>
        <source>write the KPI report workbook (Excel) of a period</source>
        <translation>tulis workbook laporan KPI (Excel) untuk suatu periode</translation>
    </message>
    <message>
        <source>the workbook to write, e.g. report.xlsx</source>
        <translation>workbook yang ditulis, misalnya laporan.xlsx</translation>
    </message>
    <message>
        <source>{dataset} {day}: {tables} rows; {requests} requests, {megabytes} MB, {seconds} s</source>
        <translation>{dataset} {day}: {tables} baris; {requests} permintaan, {megabytes} MB, {seconds} dtk</translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation>catatan stok</translation>
    </message>
    <message>
        <source>extract a dataset into the raw layer</source>
        <translation>ambil satu dataset ke lapisan raw</translation>
    </message>
    <message>
        <source>dataset name, e.g. pos_lines or pos</source>
        <translation>nama dataset, misalnya pos_lines atau pos</translation>
    </message>
    <message>
        <source>No known cost</source>
        <translation>Tanpa harga pokok</translation>
    </message>
    <message>
        <source>Standard cost</source>
        <translation>Harga pokok standar</translation>
    </message>
    <message>
        <source>company {id}</source>
        <translation>perusahaan {id}</translation>
    </message>
    <message>
        <source>{period} ({company}), compared with {previous}</source>
        <translation>{period} ({company}), dibandingkan dengan {previous}</translation>
    </message>
    <message>
        <source>this period</source>
        <translation>periode ini</translation>
    </message>
    <message>
        <source>previous</source>
        <translation>sebelumnya</translation>
    </message>
    <message>
        <source>change</source>
        <translation>perubahan</translation>
    </message>
    <message>
        <source>Amounts in different currencies are shown apart, never added.</source>
        <translation>Nilai dalam mata uang berbeda ditampilkan terpisah, tidak pernah dijumlahkan.</translation>
    </message>
    <message>
        <source>Gross profit and margin{currency}: no cost data yet (profit not computed).</source>
        <translation>Laba kotor dan margin{currency}: belum ada data harga pokok (laba belum dihitung).</translation>
    </message>
    <message>
        <source>Profit covers {share} of the revenue{currency} (days not yet computed).</source>
        <translation>Laba mencakup {share} dari pendapatan{currency} (ada hari yang belum dihitung).</translation>
    </message>
    <message>
        <source>print the KPI summary of a period from the lake</source>
        <translation>tampilkan ringkasan KPI suatu periode dari data</translation>
    </message>
    <message>
        <source>Dry run, nothing written. The plan:</source>
        <translation>Uji coba, tidak ada yang ditulis. Rencananya:</translation>
    </message>
    <message>
        <source>{dataset}: {rows} rows</source>
        <translation>{dataset}: {rows} baris</translation>
    </message>
    <message>
        <source>failed {dataset} {day}: {error}</source>
        <translation>gagal {dataset} {day}: {error}</translation>
    </message>
    <message>
        <source>{requests} requests, {megabytes} MB, {seconds} s</source>
        <translation>{requests} permintaan, {megabytes} MB, {seconds} dtk</translation>
    </message>
    <message>
        <source>lake: {folder}</source>
        <translation>data: {folder}</translation>
    </message>
    <message>
        <source>size: {sizes}</source>
        <translation>ukuran: {sizes}</translation>
    </message>
    <message>
        <source>times are in {zone} (the Odoo time zone)</source>
        <translation>waktu dalam {zone} (zona waktu Odoo)</translation>
    </message>
    <message>
        <source>last run {id} ({trigger}) {status} at {when}</source>
        <translation>proses terakhir {id} ({trigger}) {status} pada {when}</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>belum ada proses</translation>
    </message>
    <message>
        <source>complete up to {day}</source>
        <translation>lengkap sampai {day}</translation>
    </message>
    <message>
        <source>a snapshot</source>
        <translation>catatan sesaat</translation>
    </message>
    <message>
        <source>recent runs:</source>
        <translation>proses terakhir:</translation>
    </message>
    <message>
        <source>unhealthy: {problem}</source>
        <translation>bermasalah: {problem}</translation>
    </message>
    <message>
        <source>healthy: every dataset is complete up to yesterday and runs succeed</source>
        <translation>sehat: semua dataset lengkap sampai kemarin dan proses berhasil</translation>
    </message>
    <message>
        <source>layers {layers} of {datasets}</source>
        <translation>lapisan {layers} dari {datasets}</translation>
    </message>
    <message>
        <source>layers {layers} of every dataset</source>
        <translation>lapisan {layers} dari semua dataset</translation>
    </message>
    <message>
        <source>Delete {what} in {folder}? Type yes to confirm: </source>
        <translation>Hapus {what} di {folder}? Ketik ya untuk memastikan: </translation>
    </message>
    <message>
        <source>No answer: nothing deleted (--yes deletes without asking).</source>
        <translation>Tidak ada jawaban: tidak ada yang dihapus (--yes menghapus tanpa bertanya).</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>Nothing deleted.</source>
        <translation>Tidak ada yang dihapus.</translation>
    </message>
    <message>
        <source>Removed {count} table folders ({what}).</source>
        <translation>{count} folder tabel dihapus ({what}).</translation>
    </message>
    <message>
        <source>Removed {count} day partitions older than {days} days.</source>
        <translation>{count} partisi harian yang lebih tua dari {days} hari dihapus.</translation>
    </message>
    <message>
        <source>corrupt: {path} ({reason})</source>
        <translation>rusak: {path} ({reason})</translation>
    </message>
    <message>
        <source>written by an older release: {tables} to rebuild from raw</source>
        <translation>ditulis oleh versi lama: {tables} perlu dibangun ulang dari raw</translation>
    </message>
    <message>
        <source>daily document totals to write from the lake for {count} months</source>
        <translation>total dokumen harian yang harus ditulis dari lake untuk {count} bulan</translation>
    </message>
    <message>
        <source>{count} corrupt files; run with --repair to fix</source>
        <translation>{count} file rusak; jalankan dengan --repair untuk memperbaiki</translation>
    </message>
    <message>
        <source>{count} corrupt files</source>
        <translation>{count} file rusak</translation>
    </message>
    <message>
        <source>compare ids with Odoo now</source>
        <translation>bandingkan id dengan Odoo sekarang</translation>
    </message>
    <message>
        <source>load any date range of chosen datasets</source>
        <translation>muat rentang tanggal apa saja untuk dataset pilihan</translation>
    </message>
    <message>
        <source>last complete day per dataset, recent runs, lake size</source>
        <translation>hari lengkap terakhir per dataset, proses terakhir, ukuran data</translation>
    </message>
    <message>
        <source>exit non-zero when the lake is behind or runs fail</source>
        <translation>keluar dengan kode bukan nol jika data tertinggal atau proses gagal</translation>
    </message>
    <message>
        <source>delete layers of the lake (per dataset)</source>
        <translation>hapus lapisan data (per dataset)</translation>
    </message>
    <message>
        <source>comma-separated: raw,clean,star</source>
        <translation>dipisah koma: raw,clean,star</translation>
    </message>
    <message>
        <source>do not ask for confirmation</source>
        <translation>jangan minta konfirmasi</translation>
    </message>
    <message>
        <source>read every lake file; quarantine and rebuild bad ones</source>
        <translation>baca semua file data; karantina dan bangun ulang yang rusak</translation>
    </message>
    <message>
        <source>quarantine and rebuild corrupt files</source>
        <translation>karantina dan bangun ulang file yang rusak</translation>
    </message>
    <message>
        <source>remove old day partitions of raw/clean layers</source>
        <translation>hapus partisi harian lama di lapisan raw/clean</translation>
    </message>
    <message>
        <source>age, e.g. 90d, 12w, 6m</source>
        <translation>umur, misalnya 90d, 12w, 6m</translation>
    </message>
    <message>
        <source>comma-separated: raw,clean</source>
        <translation>dipisah koma: raw,clean</translation>
    </message>
    <message>
        <source>{text} is not a whole number</source>
        <translation>{text} bukan bilangan bulat</translation>
    </message>
    <message>
        <source>{text} must be at least 1</source>
        <translation>{text} minimal 1</translation>
    </message>
    <message>
        <source>first day YYYY-MM-DD (required, or --date); also --start</source>
        <translation>hari pertama TTTT-BB-HH (wajib, atau --date); juga --start</translation>
    </message>
    <message>
        <source>first day YYYY-MM-DD; also --start</source>
        <translation>hari pertama TTTT-BB-HH; juga --start</translation>
    </message>
    <message>
        <source>last day YYYY-MM-DD (default: the first day); also --end</source>
        <translation>hari terakhir TTTT-BB-HH (bawaan: hari pertama); juga --end</translation>
    </message>
    <message>
        <source>one day YYYY-MM-DD: --from DAY --to DAY</source>
        <translation>satu hari TTTT-BB-HH: --from HARI --to HARI</translation>
    </message>
    <message>
        <source>give either --date or --from/--to, not both</source>
        <translation>isi --date atau --from/--to, jangan keduanya</translation>
    </message>
    <message>
        <source>--to needs --from: give the first day of the range too</source>
        <translation>--to butuh --from: isi juga hari pertama rentangnya</translation>
    </message>
    <message>
        <source>give the days: --from YYYY-MM-DD --to YYYY-MM-DD, or --date YYYY-MM-DD</source>
        <translation>isi harinya: --from TTTT-BB-HH --to TTTT-BB-HH, atau --date TTTT-BB-HH</translation>
    </message>
    <message>
        <source>the day YYYY-MM-DD{default}</source>
        <translation>harinya TTTT-BB-HH{default}</translation>
    </message>
    <message>
        <source>a company&apos;s name or id (default: all companies)</source>
        <translation>nama atau id perusahaan (bawaan: semua perusahaan)</translation>
    </message>
    <message>
        <source>comma-separated datasets (default: all)</source>
        <translation>dataset dipisah koma (bawaan: semua)</translation>
    </message>
    <message>
        <source>give the days (--from and --to, or --date), or --rebuild</source>
        <translation>isi harinya (--from dan --to, atau --date), atau --rebuild</translation>
    </message>
    <message>
        <source>Dry run: nothing is written.</source>
        <translation>Uji coba: tidak ada yang ditulis.</translation>
    </message>
    <message>
        <source>{reason}; try again when it has finished</source>
        <translation>{reason}; coba lagi setelah selesai</translation>
    </message>
    <message>
        <source>Profit has not been built in this lake yet: run `nkdash profit --rebuild` first.</source>
        <translation>Laba belum pernah dihitung di gudang data ini: jalankan dulu `nkdash profit --rebuild`.</translation>
    </message>
    <message>
        <source>{count} CSV file(s) written to {folder}</source>
        <translation>{count} file CSV ditulis ke {folder}</translation>
    </message>
    <message>
        <source>build gross profit: cost events, latest costs, line profit, aggregates</source>
        <translation>hitung laba kotor: kejadian harga pokok, harga pokok terakhir, laba per baris, rekap</translation>
    </message>
    <message>
        <source>Recompute profit for the given days (their cost events, and the later days of products whose cost changed), or rebuild it all with --rebuild alone.</source>
        <translation>Hitung ulang laba untuk hari yang diberikan (kejadian harga pokoknya, dan hari-hari sesudahnya untuk produk yang harga pokoknya berubah), atau bangun ulang semuanya dengan --rebuild saja.</translation>
    </message>
    <message>
        <source>alone: rebuild everything; with dates: recompute those days in full</source>
        <translation>sendirian: bangun ulang semuanya; dengan tanggal: hitung ulang hari-hari itu sepenuhnya</translation>
    </message>
    <message>
        <source>check a day&apos;s profit against the lake&apos;s lower layers and Odoo&apos;s own totals</source>
        <translation>cocokkan laba suatu hari dengan lapisan data di bawahnya dan total dari Odoo sendiri</translation>
    </message>
    <message>
        <source>write samples and mismatches as CSV</source>
        <translation>tulis contoh dan selisih sebagai CSV</translation>
    </message>
    <message>
        <source>skip Odoo&apos;s totals (no connection needed)</source>
        <translation>lewati total dari Odoo (tanpa koneksi)</translation>
    </message>
    <message>
        <source>NK Dash Desktop: retail KPIs from Odoo.</source>
        <translation>NK Dash Desktop: KPI toko dari Odoo.</translation>
    </message>
    <message>
        <source>show the version and exit</source>
        <translation>tampilkan versi lalu keluar</translation>
    </message>
    <message>
        <source>check this installation (window, charts, keyring, demo lake, KPI query) and exit</source>
        <translation>periksa instalasi ini (jendela, grafik, keyring, data demo, kueri KPI) lalu keluar</translation>
    </message>
    <message>
        <source>start minimised (what the sign-in autostart uses)</source>
        <translation>mulai dalam keadaan diperkecil (dipakai saat jalan otomatis ketika masuk Windows)</translation>
    </message>
    <message>
        <source>ask a running NK Dash of this user to quit (what the installer does first)</source>
        <translation>minta NK Dash yang sedang berjalan milik pengguna ini untuk keluar (langkah pertama installer)</translation>
    </message>
    <message>
        <source>open the lake another PC writes, read-only: no syncs, no settings written; new days show once that PC publishes them (with --lake)</source>
        <translation>buka lake yang ditulis PC lain, hanya-baca: tanpa sinkronisasi, tanpa menulis pengaturan; hari baru tampil setelah PC itu menerbitkannya (dengan --lake)</translation>
    </message>
    <message>
        <source>FOLDER</source>
        <translation>FOLDER</translation>
    </message>
    <message>
        <source>the lake folder a --viewer opens: a local folder or a network share</source>
        <translation>folder lake yang dibuka --viewer: folder lokal atau folder berbagi jaringan</translation>
    </message>
    <message>
        <source>--viewer and --lake go together: nkdash --viewer --lake FOLDER</source>
        <translation>--viewer dan --lake dipakai bersama: nkdash --viewer --lake FOLDER</translation>
    </message>
    <message>
        <source>warning: cannot write the log file ({reason})</source>
        <translation>peringatan: file log tidak bisa ditulis ({reason})</translation>
    </message>
    <message>
        <source>error: {sentence}</source>
        <translation>galat: {sentence}</translation>
    </message>
    <message>
        <source>lake: {folder} ({freshness})</source>
        <translation>data: {folder} ({freshness})</translation>
    </message>
    <message>
        <source>NKDash.exe is the window app and has no console: run `{cli} {command}` instead (it is beside NKDash.exe in {folder}) from a console, a script or a scheduled task.</source>
        <translation>NKDash.exe adalah aplikasi berjendela tanpa konsol: jalankan `{cli} {command}` saja (letaknya di samping NKDash.exe di {folder}) dari konsol, skrip atau tugas terjadwal.</translation>
    </message>
    <message>
        <source>{dataset}: never synced</source>
        <translation>{dataset}: belum pernah sinkron</translation>
    </message>
    <message>
        <source>{dataset}: data only up to {day}</source>
        <translation>{dataset}: data hanya sampai {day}</translation>
    </message>
    <message>
        <source>run {id} ({trigger}) {status}: {error}</source>
        <translation>proses {id} ({trigger}) {status}: {error}</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Revenue</source>
        <translation>Pendapatan</translation>
    </message>
    <message>
        <source>Gross profit</source>
        <translation>Laba kotor</translation>
    </message>
    <message>
        <source>Cost of goods</source>
        <translation>HPP</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>Revenue without a known cost</source>
        <translation>Pendapatan tanpa harga pokok</translation>
    </message>
    <message>
        <source>Lines without a known cost</source>
        <translation>Baris tanpa harga pokok</translation>
    </message>
    <message>
        <source>Revenue at Odoo&apos;s standard cost</source>
        <translation>Pendapatan dengan harga pokok standar Odoo</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Hari</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Product ID</source>
        <translation>ID produk</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <source>Revenue of its own products</source>
        <translation>Pendapatan produknya sendiri</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Kasir</translation>
    </message>
    <message>
        <source>Average basket</source>
        <translation>Rata-rata belanja</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>Pemasok</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>Tagihan</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Spend (tax excl.)</source>
        <translation>Belanja (tanpa pajak)</translation>
    </message>
    <message>
        <source>Spend (tax incl.)</source>
        <translation>Belanja (dgn pajak)</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Porsi</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Mata uang</translation>
    </message>
    <message>
        <source>Revenue without cost</source>
        <translation>Pendapatan tanpa HPP</translation>
    </message>
    <message>
        <source>At standard cost</source>
        <translation>HPP standar</translation>
    </message>
    <message>
        <source>Snapshot day</source>
        <translation>Tanggal catatan stok</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Lokasi</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Stok tersedia</translation>
    </message>
    <message>
        <source>Value at cost</source>
        <translation>Nilai (harga pokok)</translation>
    </message>
    <message>
        <source>Stock as of</source>
        <translation>Stok per tanggal</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Penyebab</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Rugi</translation>
    </message>
    <message>
        <source>Worst order</source>
        <translation>Pesanan terburuk</translation>
    </message>
    <message>
        <source>Worst line&apos;s profit</source>
        <translation>Laba baris terburuk</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>Tagihan</translation>
    </message>
    <message>
        <source>Bill day</source>
        <translation>Tanggal tagihan</translation>
    </message>
    <message>
        <source>Previous cost</source>
        <translation>Harga pokok sebelumnya</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Sejak</translation>
    </message>
    <message>
        <source>Latest cost</source>
        <translation>Harga pokok terbaru</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Perubahan</translation>
    </message>
    <message>
        <source>Sold per day</source>
        <translation>Terjual per hari</translation>
    </message>
    <message>
        <source>Days of cover</source>
        <translation>Cukup untuk (hari)</translation>
    </message>
    <message>
        <source>Last receipt</source>
        <translation>Penerimaan terakhir</translation>
    </message>
    <message>
        <source>Known cost</source>
        <translation>Harga pokok diketahui</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Last sale</source>
        <translation>Penjualan terakhir</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Angka</translation>
    </message>
    <message>
        <source>This day</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <source>Usual (median)</source>
        <translation>Biasanya (median)</translation>
    </message>
    <message>
        <source>Usual from</source>
        <translation>Biasanya dari</translation>
    </message>
    <message>
        <source>Usual to</source>
        <translation>Biasanya sampai</translation>
    </message>
    <message>
        <source>Against usual</source>
        <translation>Dibanding biasanya</translation>
    </message>
    <message>
        <source>Weeks compared</source>
        <translation>Minggu dibandingkan</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Perusahaan</translation>
    </message>
    <message>
        <source>Product {id}</source>
        <translation>Produk {id}</translation>
    </message>
    <message>
        <source>Unknown method</source>
        <translation>Metode tidak dikenal</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <source>POS, payments not read yet</source>
        <translation>POS, pembayaran belum dibaca</translation>
    </message>
    <message>
        <source>Invoices (on account)</source>
        <translation>Faktur (tempo)</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>an API key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>a password</source>
        <translation>kata sandi</translation>
    </message>
    <message>
        <source>a password or API key</source>
        <translation>kata sandi atau API key</translation>
    </message>
    <message>
        <source>Odoo {version}, transport {transport} with {kind}</source>
        <translation>Odoo {version}, transport {transport} dengan {kind}</translation>
    </message>
    <message>
        <source>Odoo {version}, transport {transport}</source>
        <translation>Odoo {version}, transport {transport}</translation>
    </message>
    <message>
        <source>user {user} (uid {uid})</source>
        <translation>pengguna {user} (uid {uid})</translation>
    </message>
    <message>
        <source>companies: {companies}</source>
        <translation>perusahaan: {companies}</translation>
    </message>
    <message>
        <source>{module} installed</source>
        <translation>{module} terpasang</translation>
    </message>
    <message>
        <source>{module} not installed</source>
        <translation>{module} belum terpasang</translation>
    </message>
    <message>
        <source>optional modules: {modules}</source>
        <translation>modul opsional: {modules}</translation>
    </message>
    <message>
        <source>{dataset}: no read access to {models}</source>
        <translation>{dataset}: tidak ada akses baca ke {models}</translation>
    </message>
    <message>
        <source>readable</source>
        <translation>bisa dibaca</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>products, categories, brands, taxes, partners, users, locations, ...</source>
        <translation>produk, kategori, merek, pajak, mitra, pengguna, lokasi, ...</translation>
    </message>
    <message>
        <source>done stock move lines</source>
        <translation>baris pergerakan stok yang selesai</translation>
    </message>
    <message>
        <source>posted customer invoice and credit note product lines (not from the POS)</source>
        <translation>baris produk faktur pelanggan dan nota kredit yang sudah diposting (bukan dari POS)</translation>
    </message>
    <message>
        <source>POS orders, order lines and payments</source>
        <translation>pesanan POS, baris pesanan dan pembayarannya</translation>
    </message>
    <message>
        <source>posted vendor bill and refund product lines</source>
        <translation>baris produk tagihan pemasok dan retur yang sudah diposting</translation>
    </message>
    <message>
        <source>stock on hand per product, location and lot</source>
        <translation>stok tersedia per produk, lokasi dan lot</translation>
    </message>
    <message>
        <source>payments of POS orders, per payment method</source>
        <translation>pembayaran pesanan POS, per metode pembayaran</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Could not register the start at sign-in ({reason}): try again, or turn it off and on in Settings &gt; Startup.</source>
        <translation>Gagal mendaftarkan jalan otomatis saat masuk Windows ({reason}): coba lagi, atau matikan lalu nyalakan lagi di Pengaturan &gt; Startup.</translation>
    </message>
    <message>
        <source>Could not remove the start at sign-in ({reason}): try again, or turn it off and on in Settings &gt; Startup.</source>
        <translation>Gagal menghapus jalan otomatis saat masuk Windows ({reason}): coba lagi, atau matikan lalu nyalakan lagi di Pengaturan &gt; Startup.</translation>
    </message>
    <message>
        <source>{dataset} for {day} has not been extracted: the raw partition {table} is missing ({path}); extract that day before cleaning it.</source>
        <translation>{dataset} untuk {day} belum diambil: partisi mentah {table} tidak ada ({path}); ambil dulu data hari itu sebelum dibersihkan.</translation>
    </message>
    <message>
        <source>the dimensions have not been extracted: no raw snapshot of {tables}; extract the dimensions before cleaning them.</source>
        <translation>data master belum diambil: tidak ada salinan mentah {tables}; ambil dulu data master sebelum dibersihkan.</translation>
    </message>
    <message>
        <source>No Odoo connection is set up yet: run `nkdash login` or open Settings &gt; Connection.</source>
        <translation>Koneksi Odoo belum diatur: jalankan `nkdash login` atau buka Pengaturan &gt; Koneksi.</translation>
    </message>
    <message>
        <source>No password or API key is stored for &quot;{login}&quot; on database &quot;{database}&quot;: run `nkdash login` or enter it in Settings &gt; Connection.</source>
        <translation>Belum ada kata sandi atau API key untuk &quot;{login}&quot; di database &quot;{database}&quot;: jalankan `nkdash login` atau isi di Pengaturan &gt; Koneksi.</translation>
    </message>
    <message>
        <source>The run was cancelled; finished partitions were kept, nothing half-written.</source>
        <translation>Proses dibatalkan; partisi yang sudah selesai tetap disimpan, tidak ada yang tertulis setengah.</translation>
    </message>
    <message>
        <source>date</source>
        <translation>tanggal</translation>
    </message>
    <message>
        <source>start date</source>
        <translation>tanggal awal</translation>
    </message>
    <message>
        <source>end date</source>
        <translation>tanggal akhir</translation>
    </message>
    <message>
        <source>{what} {text} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-05</source>
        <translation>{what} {text} bukan tanggal; tulis sebagai TTTT-BB-HH, misalnya 2026-01-05</translation>
    </message>
    <message>
        <source>the end date {end} is in the future; the latest day with data is {latest}</source>
        <translation>tanggal akhir {end} masih di masa depan; hari terakhir yang ada datanya adalah {latest}</translation>
    </message>
    <message>
        <source>the start date {start} is after the end date {end}; swap them</source>
        <translation>tanggal awal {start} jatuh setelah tanggal akhir {end}; tukar keduanya</translation>
    </message>
    <message>
        <source>the start date {start} is before {earliest}: no Odoo holds sales that old; check the year</source>
        <translation>tanggal awal {start} sebelum {earliest}: tidak ada Odoo yang menyimpan penjualan setua itu; periksa tahunnya</translation>
    </message>
    <message>
        <source>unknown layer {layer}; the layers are: {layers}</source>
        <translation>lapisan {layer} tidak dikenal; lapisan yang ada: {layers}</translation>
    </message>
    <message>
        <source>{text} is not an age; write it like 90d, 12w or 6m</source>
        <translation>{text} bukan umur data; tulis seperti 90d, 12w atau 6m</translation>
    </message>
    <message>
        <source>retention applies to the raw and clean layers; the star schema is the history the app shows (use reset-lake to remove it)</source>
        <translation>pembatasan umur hanya berlaku untuk lapisan raw dan clean; star schema adalah riwayat yang ditampilkan aplikasi (pakai reset-lake untuk menghapusnya)</translation>
    </message>
    <message>
        <source>Profit not computed: the taxes (account.tax) were never read from Odoo, so the cost of {lines} vendor bill line(s) is unknown; sync the dimensions with a user who may read taxes, or set a multiplier for taxes {taxes} in Settings &gt; Profit.</source>
        <translation>Laba tidak dihitung: data pajak (account.tax) belum pernah dibaca dari Odoo, jadi harga pokok {lines} baris tagihan pemasok belum diketahui; sinkronkan data master dengan pengguna yang boleh membaca pajak, atau isi pengali untuk pajak {taxes} di Pengaturan &gt; Laba.</translation>
    </message>
    <message>
        <source>Profit not computed: taxes {taxes} are not among the taxes read from Odoo, so the cost of {lines} vendor bill line(s) is unknown; sync the dimensions with a user who may read taxes, or set a multiplier for taxes {taxes} in Settings &gt; Profit.</source>
        <translation>Laba tidak dihitung: pajak {taxes} tidak ada di antara pajak yang dibaca dari Odoo, jadi harga pokok {lines} baris tagihan pemasok belum diketahui; sinkronkan data master dengan pengguna yang boleh membaca pajak, atau isi pengali untuk pajak {taxes} di Pengaturan &gt; Laba.</translation>
    </message>
</context>
<context>
    <name>ExcelReport</name>
    <message>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>Periode ini</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>Periode sebelumnya</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Perubahan</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Pemeriksaan</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Gross profit and margin: no cost data yet (profit not computed).</source>
        <translation>Laba kotor dan margin: belum ada data harga pokok (laba belum dihitung).</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Harian</translation>
    </message>
    <message>
        <source>Daily sales</source>
        <translation>Penjualan harian</translation>
    </message>
    <message>
        <source>No sales in this period.</source>
        <translation>Tidak ada penjualan dalam periode ini.</translation>
    </message>
    <message>
        <source>By product</source>
        <translation>Per produk</translation>
    </message>
    <message>
        <source>Sales by product</source>
        <translation>Penjualan per produk</translation>
    </message>
    <message>
        <source>No known cost</source>
        <translation>Tanpa harga pokok</translation>
    </message>
    <message>
        <source>Products sold without a known cost (margin unknown)</source>
        <translation>Produk terjual tanpa harga pokok (margin belum diketahui)</translation>
    </message>
    <message>
        <source>Every product sold in this period has a known cost.</source>
        <translation>Semua produk yang terjual dalam periode ini sudah ada harga pokoknya.</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Per kategori</translation>
    </message>
    <message>
        <source>Sales by category (each with its subcategories)</source>
        <translation>Penjualan per kategori (termasuk subkategorinya)</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>Per kasir</translation>
    </message>
    <message>
        <source>Sales by cashier</source>
        <translation>Penjualan per kasir</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>Pembelian</translation>
    </message>
    <message>
        <source>Purchases by vendor</source>
        <translation>Pembelian per pemasok</translation>
    </message>
    <message>
        <source>No vendor bills in this period.</source>
        <translation>Tidak ada tagihan pemasok dalam periode ini.</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stok</translation>
    </message>
    <message>
        <source>Stock on hand by location and category</source>
        <translation>Stok tersedia per lokasi dan kategori</translation>
    </message>
    <message>
        <source>No stock snapshot in the lake yet: the next sync takes one.</source>
        <translation>Belum ada catatan stok: sinkronisasi berikutnya akan mencatatnya.</translation>
    </message>
    <message>
        <source>Wrote {file} for {period} ({company}): {count} sheets ({sheets} rows)</source>
        <translation>{file} disimpan untuk {period} ({company}): {count} sheet ({sheets} baris)</translation>
    </message>
    <message>
        <source>Profit covers {share} of the revenue (days not yet computed).</source>
        <translation>Laba mencakup {share} dari pendapatan (ada hari yang belum dihitung).</translation>
    </message>
    <message>
        <source>{lines} sales lines had no known cost: left out of gross profit and margin (an unknown cost is not a zero cost); a margin left empty is unknown.</source>
        <translation>{lines} baris penjualan belum ada harga pokoknya: tidak dihitung dalam laba kotor dan margin (harga pokok yang belum diketahui bukan nol); margin yang kosong berarti belum diketahui.</translation>
    </message>
    <message>
        <source>Revenue, tax and transactions left empty on {days}: unknown, Odoo&apos;s POS order totals are missing (the next sync extracts them again).</source>
        <translation>Pendapatan, pajak dan transaksi dikosongkan pada {days}: belum diketahui, total pesanan POS dari Odoo tidak ada (sinkronisasi berikutnya akan mengambilnya lagi).</translation>
    </message>
    <message>
        <source>Stock as of {day}, the snapshot nearest the period&apos;s end.</source>
        <translation>Stok per {day}, catatan stok terdekat dengan akhir periode.</translation>
    </message>
    <message>
        <source>Lake data complete up to {day}</source>
        <translation>Data lengkap sampai {day}</translation>
    </message>
    <message>
        <source>The period runs past the lake&apos;s last complete day: later days may be missing.</source>
        <translation>Periode ini melewati hari terakhir yang datanya lengkap: hari-hari sesudahnya mungkin belum ada.</translation>
    </message>
    <message>
        <source>Company {id}</source>
        <translation>Perusahaan {id}</translation>
    </message>
    <message>
        <source>All companies</source>
        <translation>Semua perusahaan</translation>
    </message>
    <message>
        <source>All companies ({names})</source>
        <translation>Semua perusahaan ({names})</translation>
    </message>
    <message>
        <source>Amounts in different currencies ({codes}) are never added: each has its own rows and its own sheets.</source>
        <translation>Nilai dalam mata uang berbeda ({codes}) tidak pernah dijumlahkan: masing-masing punya baris dan sheet sendiri.</translation>
    </message>
    <message>
        <source>company {id} is not in the lake; its companies are: {companies}</source>
        <translation>perusahaan {id} tidak ada di data; perusahaan yang ada: {companies}</translation>
    </message>
    <message>
        <source>the lake at {folder} has no data yet: run a sync first</source>
        <translation>folder data {folder} belum berisi data: jalankan sinkronisasi dulu</translation>
    </message>
    <message>
        <source>the lake has no data yet: run a sync first</source>
        <translation>belum ada data: jalankan sinkronisasi dulu</translation>
    </message>
    <message>
        <source>KPI report</source>
        <translation>Laporan KPI</translation>
    </message>
    <message>
        <source>{covers}, compared with {previous}</source>
        <translation>{covers}, dibandingkan dengan {previous}</translation>
    </message>
    <message>
        <source>{covers}: the rules on its last day, {day}</source>
        <translation>{covers}: pemeriksaan pada hari terakhirnya, {day}</translation>
    </message>
    <message>
        <source>&quot;{wanted}&quot; is not a company in the lake; its companies are: {companies}</source>
        <translation>&quot;{wanted}&quot; bukan perusahaan yang ada di data; perusahaan yang ada: {companies}</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>{file} is open in another program (Excel?): close it or choose another name</source>
        <translation>{file} sedang dibuka di program lain (Excel?): tutup dulu atau pilih nama lain</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>made {when} with {app} {version}</source>
        <translation>dibuat {when} dengan {app} {version}</translation>
    </message>
    <message>
        <source>the workbook already has a sheet named {name}</source>
        <translation>workbook sudah punya sheet bernama {name}</translation>
    </message>
    <message>
        <source>an Excel sheet holds at most {room} rows of a table and this one has {rows}: filter it or choose a shorter period</source>
        <translation>satu sheet Excel hanya muat {room} baris tabel, sedangkan tabel ini {rows} baris: saring dulu atau pilih periode yang lebih pendek</translation>
    </message>
    <message>
        <source>cannot write in {folder}: permission denied; choose another folder</source>
        <translation>tidak bisa menyimpan di {folder}: tidak ada izin; pilih folder lain</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>amounts in each company&apos;s own currency</source>
        <translation>nilai dalam mata uang masing-masing perusahaan</translation>
    </message>
    <message>
        <source>amounts in {code} ({symbol})</source>
        <translation>nilai dalam {code} ({symbol})</translation>
    </message>
    <message>
        <source>amounts in {currency}</source>
        <translation>nilai dalam {currency}</translation>
    </message>
    <message>
        <source>pt</source>
        <translation>poin</translation>
    </message>
    <message>
        <source>s</source>
        <translation>dtk</translation>
    </message>
</context>
<context>
    <name>Freshness</name>
    <message>
        <source>no data yet: run a sync</source>
        <translation>belum ada data: jalankan sinkronisasi</translation>
    </message>
    <message>
        <source>data up to {day}</source>
        <translation>data sampai {day}</translation>
    </message>
    <message>
        <source>data up to {day}, synced {when}</source>
        <translation>data sampai {day}, sinkron {when}</translation>
    </message>
</context>
<context>
    <name>LakeErrors</name>
    <message>
        <source>the app</source>
        <translation>aplikasi</translation>
    </message>
    <message>
        <source>the CLI</source>
        <translation>baris perintah (CLI)</translation>
    </message>
    <message>
        <source>a run is already in progress (started by another NK Dash process)</source>
        <translation>ada proses yang sedang berjalan (dimulai oleh proses NK Dash lain)</translation>
    </message>
    <message>
        <source>the {owner}</source>
        <translation>{owner}</translation>
    </message>
    <message>
        <source>a run is already in progress (started {when} by {who}, pid {pid} on {host})</source>
        <translation>ada proses yang sedang berjalan (dimulai {when} oleh {who}, pid {pid} di {host})</translation>
    </message>
    <message>
        <source>{count} bytes</source>
        <translation>{count} byte</translation>
    </message>
    <message>
        <source>Choose a folder for the lake.</source>
        <translation>Pilih folder untuk data.</translation>
    </message>
    <message>
        <source>&quot;{folder}&quot; is not a full path: choose a folder.</source>
        <translation>&quot;{folder}&quot; bukan alamat lengkap: pilih sebuah folder.</translation>
    </message>
    <message>
        <source>&quot;{folder}&quot; is a file, not a folder.</source>
        <translation>&quot;{folder}&quot; adalah file, bukan folder.</translation>
    </message>
    <message>
        <source>&quot;{folder}&quot; cannot be created: its drive is missing.</source>
        <translation>&quot;{folder}&quot; tidak bisa dibuat: drive-nya tidak ada.</translation>
    </message>
    <message>
        <source>NK Dash cannot write to &quot;{folder}&quot; ({reason}).</source>
        <translation>NK Dash tidak bisa menulis ke &quot;{folder}&quot; ({reason}).</translation>
    </message>
    <message>
        <source>Not enough free space in &quot;{folder}&quot;: {free} free, {needed} needed.</source>
        <translation>Ruang kosong di &quot;{folder}&quot; tidak cukup: tersisa {free}, dibutuhkan {needed}.</translation>
    </message>
    <message>
        <source>Writable, {free} free.</source>
        <translation>Bisa ditulisi, tersisa {free}.</translation>
    </message>
    <message>
        <source>Moved the lake ({files} files, {size}) to {target}.</source>
        <translation>Data dipindahkan ({files} file, {size}) ke {target}.</translation>
    </message>
    <message>
        <source>Moved the lake ({files} files, {size}) to {target}. The old folder {source} could not be removed entirely: delete it.</source>
        <translation>Data dipindahkan ({files} file, {size}) ke {target}. Folder lama {source} tidak bisa dihapus seluruhnya: hapus sendiri.</translation>
    </message>
    <message>
        <source>There is no lake in {folder} to move.</source>
        <translation>Tidak ada data di {folder} untuk dipindahkan.</translation>
    </message>
    <message>
        <source>The new lake folder {target} must be apart from the current one ({source}), neither inside it nor containing it.</source>
        <translation>Folder data baru {target} harus terpisah dari folder sekarang ({source}): tidak boleh di dalamnya dan tidak boleh memuatnya.</translation>
    </message>
    <message>
        <source>The new lake folder {target} must be empty or not exist yet.</source>
        <translation>Folder data baru {target} harus kosong atau belum ada.</translation>
    </message>
    <message>
        <source>The lake cannot be moved now: {reason}.</source>
        <translation>Data belum bisa dipindahkan sekarang: {reason}.</translation>
    </message>
    <message>
        <source>The lake cannot be moved: {reason}</source>
        <translation>Data tidak bisa dipindahkan: {reason}</translation>
    </message>
    <message>
        <source>The copy of {file} in {target} differs from the original: the move was undone and the lake stays where it was.</source>
        <translation>Salinan {file} di {target} berbeda dari aslinya: pemindahan dibatalkan dan data tetap di tempat semula.</translation>
    </message>
    <message>
        <source>The lake could not be copied to {target} ({reason}): the move was undone and the lake stays where it was.</source>
        <translation>Data tidak bisa disalin ke {target} ({reason}): pemindahan dibatalkan dan data tetap di tempat semula.</translation>
    </message>
    <message>
        <source>The disk holding the lake folder {folder} is full: free some space on it or move the lake to a larger drive in Settings; nothing already in the lake was lost.</source>
        <translation>Disk tempat folder data {folder} sudah penuh: kosongkan sebagian atau pindahkan data ke drive yang lebih besar di Pengaturan; data yang sudah ada tidak hilang.</translation>
    </message>
    <message>
        <source>The lake folder {folder} cannot be written (read-only or no permission): check the drive or share and its permissions, or choose another folder in Settings.</source>
        <translation>Folder data {folder} tidak bisa ditulisi (hanya-baca atau tidak ada izin): periksa drive atau folder bersama dan izinnya, atau pilih folder lain di Pengaturan.</translation>
    </message>
    <message>
        <source>The lake folder {folder} could not be written (disk I/O error): check that its disk is not full, failing or disconnected; nothing already in the lake was lost.</source>
        <translation>Folder data {folder} gagal ditulisi (kesalahan I/O disk): pastikan disknya tidak penuh, tidak rusak dan masih tersambung; data yang sudah ada tidak hilang.</translation>
    </message>
    <message>
        <source>The lake folder {folder} is not reachable ({reason}): check that its drive is connected, or choose another folder in Settings.</source>
        <translation>Folder data {folder} tidak bisa dijangkau ({reason}): pastikan drivenya tersambung, atau pilih folder lain di Pengaturan.</translation>
    </message>
    <message>
        <source>The lake folder {folder} cannot be written: {reason}.</source>
        <translation>Folder data {folder} tidak bisa ditulisi: {reason}.</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>Revenue</source>
        <translation>Pendapatan</translation>
    </message>
    <message>
        <source>Gross profit</source>
        <translation>Laba kotor</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Average basket</source>
        <translation>Rata-rata belanja</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Jumlah barang</translation>
    </message>
    <message>
        <source>Revenue with profit computed</source>
        <translation>Pendapatan yang labanya sudah dihitung</translation>
    </message>
    <message>
        <source>Revenue without a known cost</source>
        <translation>Pendapatan tanpa harga pokok</translation>
    </message>
    <message>
        <source>Lines without a known cost</source>
        <translation>Baris tanpa harga pokok</translation>
    </message>
    <message>
        <source>Revenue at Odoo&apos;s standard cost</source>
        <translation>Pendapatan dengan harga pokok standar Odoo</translation>
    </message>
    <message>
        <source>Days without Odoo&apos;s POS order totals</source>
        <translation>Hari tanpa total pesanan POS dari Odoo</translation>
    </message>
    <message>
        <source>Revenue unknown: Odoo&apos;s POS order totals are missing for 1 day (raw orders the lake upgrade could not read); the next sync extracts them again, or backfill that day.</source>
        <translation>Pendapatan belum diketahui: total pesanan POS dari Odoo tidak ada untuk 1 hari (pesanan mentah yang tidak terbaca saat pembaruan data); sinkronisasi berikutnya akan mengambilnya lagi, atau muat ulang hari itu lewat Muat data lama.</translation>
    </message>
    <message>
        <source>Revenue unknown: Odoo&apos;s POS order totals are missing for {days} days (raw orders the lake upgrade could not read); the next sync extracts them again, or backfill those days.</source>
        <translation>Pendapatan belum diketahui: total pesanan POS dari Odoo tidak ada untuk {days} hari (pesanan mentah yang tidak terbaca saat pembaruan data); sinkronisasi berikutnya akan mengambilnya lagi, atau muat ulang hari-hari itu lewat Muat data lama.</translation>
    </message>
    <message>
        <source>{share} of the revenue is costed at Odoo&apos;s standard cost (no bill gave one): that part of gross profit and margin is an estimate.</source>
        <translation>{share} dari pendapatan memakai harga pokok standar Odoo (tidak ada tagihan pembelian): bagian laba kotor dan margin itu hanya perkiraan.</translation>
    </message>
    <message>
        <source>{share} of the revenue has no known cost: gross profit and margin cover the other lines only.</source>
        <translation>{share} dari pendapatan belum ada harga pokoknya: laba kotor dan margin hanya mencakup baris lainnya.</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>POS sales</source>
        <translation>Penjualan POS</translation>
    </message>
    <message>
        <source>POS payments</source>
        <translation>Pembayaran POS</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Faktur</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>Tagihan</translation>
    </message>
    <message>
        <source>Stock moves</source>
        <translation>Mutasi stok</translation>
    </message>
    <message>
        <source>Stock on hand</source>
        <translation>Stok tersedia</translation>
    </message>
    <message>
        <source>Products and other lists</source>
        <translation>Produk dan daftar lain</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation>Laba</translation>
    </message>
    <message>
        <source>reading from Odoo</source>
        <translation>membaca dari Odoo</translation>
    </message>
    <message>
        <source>cleaning</source>
        <translation>merapikan</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>menyimpan</translation>
    </message>
    <message>
        <source>computing profit</source>
        <translation>menghitung laba</translation>
    </message>
</context>
<context>
    <name>OdooErrors</name>
    <message>
        <source>store</source>
        <translation>menyimpan</translation>
    </message>
    <message>
        <source>read</source>
        <translation>membaca</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>menghapus</translation>
    </message>
    <message>
        <source>&quot;{url}&quot; is not a valid Odoo address: enter it like https://mycompany.odoo.com or http://192.168.1.10:8069 in Settings.</source>
        <translation>&quot;{url}&quot; bukan alamat Odoo yang benar: isi seperti https://perusahaanku.odoo.com atau http://192.168.1.10:8069 di Pengaturan.</translation>
    </message>
    <message>
        <source>Odoo refused the API key of &quot;{login}&quot; on database &quot;{database}&quot;: the JSON-2 transport needs a valid API key (Odoo: Preferences &gt; Account Security &gt; New API Key), so enter one in Settings or choose the Automatic transport.</source>
        <translation>Odoo menolak API key milik &quot;{login}&quot; di database &quot;{database}&quot;: transport JSON-2 butuh API key yang valid (di Odoo: Preferensi &gt; Keamanan Akun &gt; API Key Baru), jadi isi API key di Pengaturan atau pilih transport Otomatis.</translation>
    </message>
    <message>
        <source>Odoo refused the login &quot;{login}&quot; with this password or API key on database &quot;{database}&quot;: check both in Settings (an API key may have expired or been revoked).</source>
        <translation>Odoo menolak login &quot;{login}&quot; dengan kata sandi atau API key ini di database &quot;{database}&quot;: periksa keduanya di Pengaturan (API key bisa saja sudah kedaluwarsa atau dicabut).</translation>
    </message>
    <message>
        <source>The Odoo server at {url} has no database named &quot;{database}&quot;: check the database name in Settings.</source>
        <translation>Server Odoo di {url} tidak punya database bernama &quot;{database}&quot;: periksa nama database di Pengaturan.</translation>
    </message>
    <message>
        <source>The host name &quot;{host}&quot; could not be found (DNS): check the Odoo URL in Settings and this computer&apos;s network connection.</source>
        <translation>Nama host &quot;{host}&quot; tidak ditemukan (DNS): periksa URL Odoo di Pengaturan dan koneksi jaringan komputer ini.</translation>
    </message>
    <message>
        <source>{reason} after {tries} tries</source>
        <translation>{reason} setelah {tries} kali coba</translation>
    </message>
    <message>
        <source>Cannot reach Odoo at {url} ({cause}): check the URL, that the server is running, and the network or proxy settings of this computer.</source>
        <translation>Tidak bisa menghubungi Odoo di {url} ({cause}): periksa URL-nya, pastikan servernya menyala, dan periksa pengaturan jaringan atau proxy komputer ini.</translation>
    </message>
    <message>
        <source>Odoo at {url} answered HTTP {status} ({phrase}) {tries} times in a row: the server or a proxy in front of it is overloaded or down for maintenance, so try again later.</source>
        <translation>Odoo di {url} menjawab HTTP {status} ({phrase}) {tries} kali berturut-turut: server atau proxy di depannya sedang sibuk atau dalam perawatan, jadi coba lagi nanti.</translation>
    </message>
    <message>
        <source>Odoo at {url} answered HTTP {status} ({phrase}): the server or a proxy in front of it is overloaded or down for maintenance, so try again later.</source>
        <translation>Odoo di {url} menjawab HTTP {status} ({phrase}): server atau proxy di depannya sedang sibuk atau dalam perawatan, jadi coba lagi nanti.</translation>
    </message>
    <message>
        <source>Odoo at {url} did not answer within {seconds} s, {tries} tries in a row: try again later, or raise the timeout or lower the batch size in Settings.</source>
        <translation>Odoo di {url} tidak menjawab dalam {seconds} detik, {tries} kali berturut-turut: coba lagi nanti, atau naikkan batas waktu atau kecilkan ukuran batch di Pengaturan.</translation>
    </message>
    <message>
        <source>Odoo at {url} did not answer within {seconds} s: try again later, or raise the timeout or lower the batch size in Settings.</source>
        <translation>Odoo di {url} tidak menjawab dalam {seconds} detik: coba lagi nanti, atau naikkan batas waktu atau kecilkan ukuran batch di Pengaturan.</translation>
    </message>
    <message>
        <source>The TLS certificate of {host} could not be verified ({reason}): if the server uses a self-signed or company certificate authority, give that authority&apos;s certificate as the CA file in Settings or the NKDASH_CA_FILE environment variable.</source>
        <translation>Sertifikat TLS {host} tidak bisa diverifikasi ({reason}): jika server memakai sertifikat buatan sendiri atau CA perusahaan, berikan sertifikat CA tersebut sebagai file CA di Pengaturan atau lewat variabel lingkungan NKDASH_CA_FILE.</translation>
    </message>
    <message>
        <source>The CA file &quot;{path}&quot; could not be loaded ({reason}): choose a PEM certificate file as the CA file in Settings or fix the NKDASH_CA_FILE environment variable.</source>
        <translation>File CA &quot;{path}&quot; tidak bisa dimuat ({reason}): pilih file sertifikat PEM sebagai file CA di Pengaturan atau perbaiki variabel lingkungan NKDASH_CA_FILE.</translation>
    </message>
    <message>
        <source>The secure connection to {host} failed ({reason}): check that the URL starts with the right http:// or https:// and has the right port.</source>
        <translation>Koneksi aman ke {host} gagal ({reason}): pastikan URL diawali http:// atau https:// yang benar dan port-nya tepat.</translation>
    </message>
    <message>
        <source>{url} does not answer Odoo&apos;s external API ({reason}): check that the URL is the address of your Odoo, and on Odoo Online that the plan is Custom (other plans have no external API).</source>
        <translation>{url} tidak menjawab API eksternal Odoo ({reason}): pastikan URL itu alamat Odoo Anda, dan di Odoo Online pastikan paketnya Custom (paket lain tidak punya API eksternal).</translation>
    </message>
    <message>
        <source>Odoo Online at {host} refused the external API ({reason}): it is only available on the Odoo Online Custom plan, so upgrade the subscription or use an Odoo.sh or on-premise server.</source>
        <translation>Odoo Online di {host} menolak API eksternal ({reason}): fitur ini hanya ada di paket Odoo Online Custom, jadi naikkan langganan atau pakai server Odoo.sh atau on-premise.</translation>
    </message>
    <message>
        <source>{url} redirects to {location}: enter that address as the Odoo URL in Settings.</source>
        <translation>{url} dialihkan ke {location}: isi alamat itu sebagai URL Odoo di Pengaturan.</translation>
    </message>
    <message>
        <source>Odoo {version} at {url} has no JSON-2 API (it needs Odoo 19 or later): choose the Automatic or JSON-RPC transport in Settings.</source>
        <translation>Odoo {version} di {url} tidak punya API JSON-2 (butuh Odoo 19 atau lebih baru): pilih transport Otomatis atau JSON-RPC di Pengaturan.</translation>
    </message>
    <message>
        <source>{url} runs Odoo {version}, which NK Dash does not support: it needs Odoo 16, 17, 18 or 19.</source>
        <translation>{url} memakai Odoo {version}, yang tidak didukung NK Dash: dibutuhkan Odoo 16, 17, 18 atau 19.</translation>
    </message>
    <message>
        <source>The Odoo user &quot;{login}&quot; has no read access to {model}: ask your Odoo administrator for the group &quot;{group}&quot;.</source>
        <translation>Pengguna Odoo &quot;{login}&quot; tidak punya akses baca ke {model}: minta admin Odoo Anda menambahkan grup &quot;{group}&quot;.</translation>
    </message>
    <message>
        <source>The Odoo user &quot;{login}&quot; has no read access to {model}: ask your Odoo administrator for one of the groups Odoo names for it: {groups}.</source>
        <translation>Pengguna Odoo &quot;{login}&quot; tidak punya akses baca ke {model}: minta admin Odoo Anda menambahkan salah satu grup yang disebut Odoo: {groups}.</translation>
    </message>
    <message>
        <source>The Odoo user &quot;{login}&quot; has no read access to {model}: ask your Odoo administrator to grant it (for example through the matching Accounting, Inventory or Point of Sale user group).</source>
        <translation>Pengguna Odoo &quot;{login}&quot; tidak punya akses baca ke {model}: minta admin Odoo Anda memberikannya (misalnya lewat grup pengguna Akuntansi, Inventaris atau Point of Sale yang sesuai).</translation>
    </message>
    <message>
        <source>The Odoo user &quot;{login}&quot; cannot see {hidden}: ask your Odoo administrator for the group &quot;{group}&quot; (without it Odoo hides them instead of refusing).</source>
        <translation>Pengguna Odoo &quot;{login}&quot; tidak bisa melihat {hidden}: minta admin Odoo Anda menambahkan grup &quot;{group}&quot; (tanpa grup itu Odoo menyembunyikannya, bukan menolak).</translation>
    </message>
    <message>
        <source>Odoo refused the company chosen in Settings: the user &quot;{login}&quot; may not use it (&quot;Access to unauthorized or invalid companies&quot;); choose one of that user&apos;s companies in Settings &gt; Connection or with `nkdash login --company`.</source>
        <translation>Odoo menolak perusahaan yang dipilih di Pengaturan: pengguna &quot;{login}&quot; tidak boleh memakainya (&quot;Access to unauthorized or invalid companies&quot;); pilih salah satu perusahaan pengguna itu di Pengaturan &gt; Koneksi atau dengan `nkdash login --company`.</translation>
    </message>
    <message>
        <source>company id {id}</source>
        <translation>perusahaan dengan id {id}</translation>
    </message>
    <message>
        <source>The Odoo user &quot;{login}&quot; may not use {company}; their companies are: {companies}. Choose one of them in Settings &gt; Connection or with `nkdash login --company`.</source>
        <translation>Pengguna Odoo &quot;{login}&quot; tidak boleh memakai {company}; perusahaannya: {companies}. Pilih salah satunya di Pengaturan &gt; Koneksi atau dengan `nkdash login --company`.</translation>
    </message>
    <message>
        <source>This Odoo has no {model} (the module that provides it is not installed).</source>
        <translation>Odoo ini tidak punya {model} (modul penyedianya belum terpasang).</translation>
    </message>
    <message>
        <source>Odoo reported an error on {model}.{method}: &quot;{message}&quot;; if it persists, show this message to your Odoo administrator.</source>
        <translation>Odoo melaporkan kesalahan pada {model}.{method}: &quot;{message}&quot;; jika terus terjadi, tunjukkan pesan ini ke admin Odoo Anda.</translation>
    </message>
    <message>
        <source>Odoo reported an error: &quot;{message}&quot;; if it persists, show this message to your Odoo administrator.</source>
        <translation>Odoo melaporkan kesalahan: &quot;{message}&quot;; jika terus terjadi, tunjukkan pesan ini ke admin Odoo Anda.</translation>
    </message>
    <message>
        <source>No secure password store (OS keyring) is available on this computer, so the Odoo password or API key cannot be kept: on Windows check that the Credential Manager works, on Linux install and unlock a Secret Service keyring such as GNOME Keyring, or give the secret to every run in the NKDASH_ODOO_SECRET environment variable (never stored).</source>
        <translation>Komputer ini tidak punya tempat penyimpanan sandi yang aman (keyring OS), jadi kata sandi atau API key Odoo tidak bisa disimpan: di Windows pastikan Credential Manager berfungsi, di Linux pasang dan buka keyring Secret Service seperti GNOME Keyring, atau berikan sandinya di setiap proses lewat variabel lingkungan NKDASH_ODOO_SECRET (tidak pernah disimpan).</translation>
    </message>
    <message>
        <source>The OS keyring could not {action} the Odoo password or API key ({reason}): unlock the keyring (on Windows, the Credential Manager) and try again.</source>
        <translation>Keyring OS gagal {action} kata sandi atau API key Odoo ({reason}): buka kunci keyring (di Windows: Credential Manager) lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>Periods</name>
    <message>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Kemarin</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 hari terakhir</translation>
    </message>
    <message>
        <source>Month to date</source>
        <translation>Bulan ini</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Bulan lalu</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Tahun ini</translation>
    </message>
    <message>
        <source>{day}st</source>
        <translation>{day}</translation>
    </message>
    <message>
        <source>{day}nd</source>
        <translation>{day}</translation>
    </message>
    <message>
        <source>{day}rd</source>
        <translation>{day}</translation>
    </message>
    <message>
        <source>{day}th</source>
        <translation>{day}</translation>
    </message>
    <message>
        <source>the period starts ({start}) after it ends ({end})</source>
        <translation>periode dimulai ({start}) setelah berakhir ({end})</translation>
    </message>
    <message>
        <source>the day before</source>
        <translation>hari sebelumnya</translation>
    </message>
    <message>
        <source>{comparison} until {time}</source>
        <translation>{comparison} sampai pukul {time}</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>kemarin</translation>
    </message>
    <message>
        <source>same dates last year</source>
        <translation>tanggal yang sama tahun lalu</translation>
    </message>
    <message>
        <source>previous month</source>
        <translation>bulan sebelumnya</translation>
    </message>
    <message>
        <source>previous {months} months</source>
        <translation>{months} bulan sebelumnya</translation>
    </message>
    <message>
        <source>previous month to the {day}</source>
        <translation>bulan sebelumnya sampai tanggal {day}</translation>
    </message>
    <message>
        <source>previous {days} days</source>
        <translation>{days} hari sebelumnya</translation>
    </message>
    <message>
        <source>unknown range preset {name}; the presets are: {presets}</source>
        <translation>pilihan rentang {name} tidak dikenal; pilihan yang ada: {presets}</translation>
    </message>
</context>
<context>
    <name>ProfitChecks</name>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>GAGAL</translation>
    </message>
    <message>
        <source>{check} vs {yardstick}: {count} compared</source>
        <translation>{check} vs {yardstick}: {count} dibandingkan</translation>
    </message>
    <message>
        <source>{said}, {count} differ ({example})</source>
        <translation>{said}, {count} berbeda ({example})</translation>
    </message>
    <message>
        <source>{said} where the lake holds rows to compare</source>
        <translation>{said} padahal gudang data berisi baris untuk dibandingkan</translation>
    </message>
    <message>
        <source>e.g. {where}: {problem}</source>
        <translation>mis. {where}: {problem}</translation>
    </message>
    <message>
        <source>missing in the lake</source>
        <translation>tidak ada di gudang data</translation>
    </message>
    <message>
        <source>in the lake, not expected</source>
        <translation>ada di gudang data, tidak diharapkan</translation>
    </message>
    <message>
        <source>{column} is {lake} in the lake, {expected} expected</source>
        <translation>{column} bernilai {lake} di gudang data, seharusnya {expected}</translation>
    </message>
    <message>
        <source>lake (SQL)</source>
        <translation>gudang data (SQL)</translation>
    </message>
    <message>
        <source>tax multipliers</source>
        <translation>pengali pajak</translation>
    </message>
    <message>
        <source>bills use taxes without a multiplier: {taxes}</source>
        <translation>tagihan memakai pajak tanpa pengali: {taxes}</translation>
    </message>
    <message>
        <source>used by bills, no multiplier</source>
        <translation>dipakai tagihan, tanpa pengali</translation>
    </message>
    <message>
        <source>cost events</source>
        <translation>kejadian harga pokok</translation>
    </message>
    <message>
        <source>latest cost per company and product</source>
        <translation>harga pokok terakhir per perusahaan dan produk</translation>
    </message>
    <message>
        <source>no grid rows: is the day in the profit calendar?</source>
        <translation>tidak ada baris kisi: apakah hari ini ada di kalender laba?</translation>
    </message>
    <message>
        <source>sales line profit</source>
        <translation>laba per baris penjualan</translation>
    </message>
    <message>
        <source>{table} = sum of its lines</source>
        <translation>{table} = jumlah baris-barisnya</translation>
    </message>
    <message>
        <source>{lake} in the lake, {odoo} in Odoo</source>
        <translation>{lake} di gudang data, {odoo} di Odoo</translation>
    </message>
    <message>
        <source>Odoo {model}: {count} counted</source>
        <translation>Odoo {model}: {count} terhitung</translation>
    </message>
    <message>
        <source>{check} (company {id})</source>
        <translation>{check} (perusahaan {id})</translation>
    </message>
    <message>
        <source>POS orders</source>
        <translation>pesanan POS</translation>
    </message>
    <message>
        <source>POS line profit revenue + order rounding</source>
        <translation>pendapatan laba baris POS + pembulatan pesanan</translation>
    </message>
    <message>
        <source>invoice line profit revenue</source>
        <translation>pendapatan laba baris faktur</translation>
    </message>
    <message>
        <source>purchases</source>
        <translation>pembelian</translation>
    </message>
    <message>
        <source>agg_profit_daily revenue + order rounding</source>
        <translation>pendapatan agg_profit_daily + pembulatan pesanan</translation>
    </message>
    <message>
        <source>Odoo&apos;s totals were not checked (no connection).</source>
        <translation>Total Odoo tidak diperiksa (tidak ada koneksi).</translation>
    </message>
    <message>
        <source>cost coverage: {share} of the day&apos;s revenue has a known cost ({missing} of {lines} lines without one)</source>
        <translation>cakupan harga pokok: {share} dari pendapatan hari itu punya harga pokok yang diketahui ({missing} dari {lines} baris tanpa harga pokok)</translation>
    </message>
</context>
<context>
    <name>ProfitPlan</name>
    <message>
        <source>no day</source>
        <translation>tidak ada hari</translation>
    </message>
    <message>
        <source>{count} days {first}…{last}</source>
        <translation>{count} hari {first}…{last}</translation>
    </message>
    <message>
        <source>{days}, every product</source>
        <translation>{days}, semua produk</translation>
    </message>
    <message>
        <source>{days}, {count} product(s)</source>
        <translation>{days}, {count} produk</translation>
    </message>
    <message>
        <source>emptied</source>
        <translation>dikosongkan</translation>
    </message>
    <message>
        <source>partitions to write: {count}</source>
        <translation>partisi yang akan ditulis: {count}</translation>
    </message>
    <message>
        <source>tax multipliers from dim_taxes ({shown}; overrides from settings: {given})</source>
        <translation>pengali pajak dari dim_taxes ({shown}; pengganti dari pengaturan: {given})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>cost events: every vendor bill line of fact_purchases, {days}</source>
        <translation>kejadian harga pokok: semua baris tagihan pemasok di fact_purchases, {days}</translation>
    </message>
    <message>
        <source>latest cost of every product on every day of the calendar (the grid)</source>
        <translation>harga pokok terakhir setiap produk pada setiap hari kalender (kisi)</translation>
    </message>
    <message>
        <source>profit of every POS and invoice sales line at its day&apos;s latest cost</source>
        <translation>laba setiap baris penjualan POS dan faktur dengan harga pokok terakhir harinya</translation>
    </message>
    <message>
        <source>aggregates per day, and per day and product</source>
        <translation>rekap per hari, dan per hari dan produk</translation>
    </message>
    <message>
        <source>empty {count} month(s) without data any more</source>
        <translation>kosongkan {count} bulan yang tidak berisi data lagi</translation>
    </message>
    <message>
        <source>profit has never been built in this lake: a full rebuild</source>
        <translation>laba belum pernah dihitung di gudang data ini: bangun ulang semuanya</translation>
    </message>
    <message>
        <source>the multipliers of taxes {taxes} changed since the build: a rebuild</source>
        <translation>pengali pajak {taxes} berubah sejak perhitungan terakhir: bangun ulang</translation>
    </message>
    <message>
        <source>lines without a bill&apos;s cost: Odoo&apos;s standard cost ({count} company products with one)</source>
        <translation>baris tanpa harga pokok dari tagihan: harga pokok standar Odoo ({count} produk perusahaan memilikinya)</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>tidak tercatat</translation>
    </message>
    <message>
        <source>costs came from {was}, now from {now}: a rebuild</source>
        <translation>harga pokok dulu dari {was}, sekarang dari {now}: bangun ulang</translation>
    </message>
    <message>
        <source>Odoo&apos;s standard cost changed for {count} company product(s): their lines without a bill&apos;s cost are recomputed</source>
        <translation>harga pokok standar Odoo berubah untuk {count} produk perusahaan: barisnya yang tanpa harga pokok dari tagihan dihitung ulang</translation>
    </message>
    <message>
        <source>{tables} are stored per company since this release (one file per company and month): a rebuild rewrites them</source>
        <translation>{tables} kini disimpan per perusahaan (satu file per perusahaan dan bulan): bangun ulang menulisnya kembali</translation>
    </message>
    <message>
        <source>cost events of {days}: {events} event(s); changed for {products} product(s) on {changed}</source>
        <translation>kejadian harga pokok {days}: {events} kejadian; berubah untuk {products} produk pada {changed}</translation>
    </message>
    <message>
        <source>extend the profit calendar from {built} to {until}</source>
        <translation>perpanjang kalender laba dari {built} sampai {until}</translation>
    </message>
    <message>
        <source>later days of the changed products: {count} product(s) on {days}</source>
        <translation>hari-hari berikutnya dari produk yang berubah: {count} produk pada {days}</translation>
    </message>
    <message>
        <source>every product on {days}</source>
        <translation>semua produk pada {days}</translation>
    </message>
    <message>
        <source>nothing changed: nothing to write</source>
        <translation>tidak ada yang berubah: tidak ada yang ditulis</translation>
    </message>
    <message>
        <source>bills, then Odoo&apos;s standard cost</source>
        <translation>tagihan, lalu harga pokok standar Odoo</translation>
    </message>
    <message>
        <source>bills only</source>
        <translation>hanya tagihan</translation>
    </message>
    <message>
        <source>Profit is up to date: nothing changed.</source>
        <translation>Laba sudah mutakhir: tidak ada yang berubah.</translation>
    </message>
    <message>
        <source>{count} whole day(s)</source>
        <translation>{count} hari penuh</translation>
    </message>
    <message>
        <source>{count} product(s) on {days} later day(s)</source>
        <translation>{count} produk pada {days} hari sesudahnya</translation>
    </message>
    <message>
        <source>Profit rebuild: {what}; {count} partition(s), {rows} rows in {seconds}.</source>
        <translation>Laba dibangun ulang: {what}; {count} partisi, {rows} baris dalam {seconds}.</translation>
    </message>
    <message>
        <source>Profit update: {what}; {count} partition(s), {rows} rows in {seconds}.</source>
        <translation>Laba diperbarui: {what}; {count} partisi, {rows} baris dalam {seconds}.</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <source>running</source>
        <translation>berjalan</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>berhasil</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>sebagian</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>dibatalkan</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>terputus</translation>
    </message>
    <message>
        <source>{first} .. {last}, {count} days</source>
        <translation>{first} .. {last}, {count} hari</translation>
    </message>
    <message>
        <source>every file of the lake reads in full</source>
        <translation>semua file data terbaca utuh</translation>
    </message>
    <message>
        <source>corrupt: {path} ({reason})</source>
        <translation>rusak: {path} ({reason})</translation>
    </message>
    <message>
        <source>rebuilt: {what}</source>
        <translation>dibangun ulang: {what}</translation>
    </message>
    <message>
        <source>re-extract next run: {dataset} {day}</source>
        <translation>diambil ulang di proses berikutnya: {dataset} {day}</translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation>catatan sesaat</translation>
    </message>
    <message>
        <source>{count} partitions to run, {skipped} skipped; about {requests} requests and {duration}</source>
        <translation>{count} partisi akan dijalankan, {skipped} dilewati; sekitar {requests} permintaan dan {duration}</translation>
    </message>
    <message>
        <source>{count} s</source>
        <translation>{count} dtk</translation>
    </message>
    <message>
        <source>{count} min</source>
        <translation>{count} mnt</translation>
    </message>
    <message>
        <source>{count} h</source>
        <translation>{count} jam</translation>
    </message>
    <message>
        <source>run {id} {status}: {done} partitions done, {failed} failed</source>
        <translation>proses {id} {status}: {done} partisi selesai, {failed} gagal</translation>
    </message>
    <message>
        <source>Odoo stopped answering: {reason}</source>
        <translation>Odoo berhenti menjawab: {reason}</translation>
    </message>
    <message>
        <source>nothing new to sync</source>
        <translation>tidak ada yang baru untuk disinkronkan</translation>
    </message>
    <message>
        <source>why: {reasons}</source>
        <translation>alasan: {reasons}</translation>
    </message>
    <message>
        <source>Validation of {day}: all checks pass ({count} checks)</source>
        <translation>Validasi {day}: semua pemeriksaan lolos ({count} pemeriksaan)</translation>
    </message>
    <message>
        <source>Validation of {day}: MISMATCHES FOUND ({count} checks)</source>
        <translation>Validasi {day}: ADA SELISIH ({count} pemeriksaan)</translation>
    </message>
    <message>
        <source>upgraded: Odoo&apos;s POS order totals rebuilt from raw for {count} days</source>
        <translation>diperbarui: total pesanan POS dari Odoo dibangun ulang dari data mentah untuk {count} hari</translation>
    </message>
    <message>
        <source>upgraded: invoice revenue in the company currency rebuilt from raw for {count} days</source>
        <translation>diperbarui: pendapatan faktur dalam mata uang perusahaan dibangun ulang dari data mentah untuk {count} hari</translation>
    </message>
    <message>
        <source>upgraded: Odoo&apos;s daily document totals written from the lake for {count} months</source>
        <translation>diperbarui: total dokumen harian dari Odoo ditulis dari lake untuk {count} bulan</translation>
    </message>
    <message>
        <source>upgraded: bill totals with taxes in the company currency rebuilt from raw for {count} days</source>
        <translation>diperbarui: total tagihan pemasok termasuk pajak dalam mata uang perusahaan dibangun ulang dari data mentah untuk {count} hari</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>must be text</source>
        <translation>harus berupa teks</translation>
    </message>
    <message>
        <source>must start with http:// or https:// followed by a host name</source>
        <translation>harus diawali http:// atau https:// lalu nama host</translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <translation>harus salah satu dari {choices}</translation>
    </message>
    <message>
        <source>must be a whole number from {low} to {high}</source>
        <translation>harus bilangan bulat dari {low} sampai {high}</translation>
    </message>
    <message>
        <source>must be a number from {low} to {high}</source>
        <translation>harus angka dari {low} sampai {high}</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>harus true atau false</translation>
    </message>
    <message>
        <source>must be an IANA time zone such as Asia/Jakarta</source>
        <translation>harus zona waktu IANA seperti Asia/Jakarta</translation>
    </message>
    <message>
        <source>must be a time of day as HH:MM, e.g. 02:00</source>
        <translation>harus jam dalam format JJ:MM, misalnya 02:00</translation>
    </message>
    <message>
        <source>must be a folder path</source>
        <translation>harus alamat folder</translation>
    </message>
    <message>
        <source>must be a table of tax id = multiplier</source>
        <translation>harus berupa tabel id pajak = pengali</translation>
    </message>
    <message>
        <source>tax id {key} must be a whole number</source>
        <translation>id pajak {key} harus bilangan bulat</translation>
    </message>
    <message>
        <source>multiplier for tax {tax} must be a number above 0, e.g. 1.11</source>
        <translation>pengali untuk pajak {tax} harus angka di atas 0, misalnya 1.11</translation>
    </message>
    <message>
        <source>{file}: &apos;version&apos; must be a whole number of at least 1</source>
        <translation>{file}: &apos;version&apos; harus bilangan bulat minimal 1</translation>
    </message>
    <message>
        <source>{file}: &apos;version&apos; {version} was written by a newer NK Dash; update the app</source>
        <translation>{file}: &apos;version&apos; {version} ditulis oleh NK Dash versi lebih baru; perbarui aplikasinya</translation>
    </message>
    <message>
        <source>{file}: unknown section or key &apos;{key}&apos;</source>
        <translation>{file}: bagian atau kunci &apos;{key}&apos; tidak dikenal</translation>
    </message>
    <message>
        <source>{file}: &apos;{key}&apos; must be a section ([{key}])</source>
        <translation>{file}: &apos;{key}&apos; harus berupa bagian ([{key}])</translation>
    </message>
    <message>
        <source>{file}: &apos;{key}&apos; looks like a secret; passwords and API keys are kept in the system keyring, never in the settings file: remove it</source>
        <translation>{file}: &apos;{key}&apos; tampaknya rahasia; kata sandi dan API key disimpan di keyring sistem, tidak pernah di file pengaturan: hapus baris itu</translation>
    </message>
    <message>
        <source>{file}: unknown key &apos;{key}&apos;</source>
        <translation>{file}: kunci &apos;{key}&apos; tidak dikenal</translation>
    </message>
    <message>
        <source>{file}: &apos;{key}&apos; {reason} (got {value})</source>
        <translation>{file}: &apos;{key}&apos; {reason} (isinya {value})</translation>
    </message>
    <message>
        <source>{file}: not valid TOML ({reason})</source>
        <translation>{file}: bukan TOML yang benar ({reason})</translation>
    </message>
    <message>
        <source>{file}: not a text file (expected UTF-8 TOML)</source>
        <translation>{file}: bukan file teks (seharusnya TOML UTF-8)</translation>
    </message>
</context>
</TS>
