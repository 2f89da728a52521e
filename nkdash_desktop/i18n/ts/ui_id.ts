<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en">
<context>
    <name>AttentionDetail</name>
    <message>
        <source>Needs attention: {rule}</source>
        <translation>Perlu perhatian: {rule}</translation>
    </message>
    <message>
        <source>Open {tab}</source>
        <translation>Buka {tab}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <source>Needs attention</source>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <source>Checking what needs attention…</source>
        <translation>Memeriksa yang perlu perhatian…</translation>
    </message>
    <message>
        <source>Needs attention · {day}</source>
        <translation>Perlu perhatian · {day}</translation>
    </message>
    <message>
        <source>What the lake says needs acting on for {who}</source>
        <translation>Yang perlu ditindaklanjuti menurut gudang data untuk {who}</translation>
    </message>
    <message>
        <source>Nothing needs attention for {day}.</source>
        <translation>Tidak ada yang perlu perhatian untuk {day}.</translation>
    </message>
    <message>
        <source>{rule}: click for the list</source>
        <translation>{rule}: klik untuk daftarnya</translation>
    </message>
    <message>
        <source>History still loading: what needs attention is checked once it is in.</source>
        <translation>Riwayat masih dimuat: yang perlu perhatian diperiksa setelah riwayat lengkap.</translation>
    </message>
</context>
<context>
    <name>Backfill</name>
    <message>
        <source>Skip complete days</source>
        <translation>Lewati hari yang sudah lengkap</translation>
    </message>
    <message>
        <source>Load only days not loaded yet (the usual choice).</source>
        <translation>Muat hanya hari yang belum dimuat (pilihan biasa).</translation>
    </message>
    <message>
        <source>Rerun failed days</source>
        <translation>Ulangi hari yang gagal</translation>
    </message>
    <message>
        <source>Load again only the days whose last load failed.</source>
        <translation>Muat ulang hanya hari yang pemuatan terakhirnya gagal.</translation>
    </message>
    <message>
        <source>Rerun all days</source>
        <translation>Ulangi semua hari</translation>
    </message>
    <message>
        <source>Load every day again, replacing what the lake has.</source>
        <translation>Muat ulang setiap hari, menggantikan isi gudang data.</translation>
    </message>
    <message>
        <source>The first day comes after the last day: swap them.</source>
        <translation>Hari pertama jatuh setelah hari terakhir: tukar keduanya.</translation>
    </message>
    <message>
        <source>The last day is in the future: the latest possible day is today, {day}.</source>
        <translation>Hari terakhir ada di masa depan: paling lambat hari ini, {day}.</translation>
    </message>
    <message>
        <source>Odoo has no data before {day}: the whole range is before it.</source>
        <translation>Odoo tidak punya data sebelum {day}: seluruh rentang ada sebelumnya.</translation>
    </message>
    <message>
        <source>Odoo&apos;s data starts on {day}: pick a first day on or after it.</source>
        <translation>Data Odoo mulai pada {day}: pilih hari pertama pada tanggal itu atau sesudahnya.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>BackfillPage</name>
    <message>
        <source>First load</source>
        <translation>Pemuatan pertama</translation>
    </message>
    <message>
        <source>How many days of history to load now; older days can be added later.</source>
        <translation>Berapa hari riwayat yang dimuat sekarang; hari yang lebih lama bisa ditambahkan nanti.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> hari</translation>
    </message>
</context>
<context>
    <name>BackfillWizard</name>
    <message>
        <source>Backfill</source>
        <translation>Muat data lama</translation>
    </message>
</context>
<context>
    <name>CardRow</name>
    <message>
        <source>Changes: unknown until the history is loaded</source>
        <translation>Perubahan: belum diketahui sampai riwayat selesai dimuat</translation>
    </message>
    <message>
        <source>Changes: none, the lake has no data for the previous period</source>
        <translation>Perubahan: tidak ada, gudang data belum punya data periode sebelumnya</translation>
    </message>
    <message>
        <source>Changes against {compared} ({period})</source>
        <translation>Perubahan dibanding {compared} ({period})</translation>
    </message>
</context>
<context>
    <name>Cards</name>
    <message>
        <source>no cost data yet</source>
        <translation>belum ada data harga pokok</translation>
    </message>
    <message>
        <source>no data for the previous period</source>
        <translation>tidak ada data periode sebelumnya</translation>
    </message>
    <message>
        <source>its days are still loading</source>
        <translation>hari-harinya masih dimuat</translation>
    </message>
    <message>
        <source>History still loading: the change is known once both periods are in.</source>
        <translation>Riwayat masih dimuat: perubahannya diketahui setelah kedua periode masuk.</translation>
    </message>
    <message>
        <source>LIVE: today&apos;s figure comes straight from Odoo, refreshed every few minutes (the lake holds the days up to yesterday). Gross profit, margin and quantity are not live: Odoo&apos;s totals carry no cost or quantity.</source>
        <translation>LANGSUNG: angka hari ini diambil langsung dari Odoo, diperbarui tiap beberapa menit (gudang data berisi hari-hari sampai kemarin). Laba kotor, margin dan jumlah tidak langsung: total Odoo tidak memuat harga pokok maupun jumlah.</translation>
    </message>
    <message>
        <source>Sales with taxes: POS orders and customer invoices, refunds deducted.</source>
        <translation>Penjualan termasuk pajak: pesanan POS dan faktur pelanggan, dikurangi retur.</translation>
    </message>
    <message>
        <source>Revenue minus the cost of the goods sold (quantity × the latest purchase cost known on the day, taxes included), for the sales lines whose cost is known.</source>
        <translation>Pendapatan dikurangi harga pokok penjualan (jumlah × harga beli terakhir yang diketahui pada hari itu, termasuk pajak), untuk baris penjualan yang harga pokoknya diketahui.</translation>
    </message>
    <message>
        <source>Gross profit ÷ revenue, counting only the sales lines whose cost is known: lines sold without a known cost are left out of both.</source>
        <translation>Laba kotor ÷ pendapatan, hanya dari baris penjualan yang harga pokoknya diketahui: baris tanpa harga pokok tidak dihitung di keduanya.</translation>
    </message>
    <message>
        <source>POS orders and customer invoices (a refund counts as one).</source>
        <translation>Pesanan POS dan faktur pelanggan (retur dihitung satu).</translation>
    </message>
    <message>
        <source>Revenue ÷ transactions.</source>
        <translation>Pendapatan ÷ transaksi.</translation>
    </message>
    <message>
        <source>Units sold, refunds deducted.</source>
        <translation>Unit terjual, dikurangi retur.</translation>
    </message>
    <message>
        <source>not live: Odoo&apos;s totals carry no cost</source>
        <translation>tidak langsung: total Odoo tanpa harga pokok</translation>
    </message>
    <message>
        <source>not live: Odoo&apos;s totals carry no quantity</source>
        <translation>tidak langsung: total Odoo tanpa jumlah</translation>
    </message>
    <message>
        <source>live from Odoo</source>
        <translation>langsung dari Odoo</translation>
    </message>
    <message>
        <source>POS totals missing for 1 day: the next sync reads them again</source>
        <translation>Total POS belum ada untuk 1 hari: sinkronisasi berikutnya membacanya lagi</translation>
    </message>
    <message>
        <source>POS totals missing for {days} days: the next sync reads them again</source>
        <translation>Total POS belum ada untuk {days} hari: sinkronisasi berikutnya membacanya lagi</translation>
    </message>
    <message>
        <source>profit computed for {share} of the revenue</source>
        <translation>laba dihitung untuk {share} pendapatan</translation>
    </message>
    <message>
        <source>{share} of revenue without a known cost</source>
        <translation>{share} pendapatan tanpa harga pokok</translation>
    </message>
    <message>
        <source>{share} of revenue at Odoo&apos;s standard cost</source>
        <translation>{share} pendapatan dengan harga pokok standar Odoo</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>No data for this range.</source>
        <translation>Tidak ada data untuk rentang ini.</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Run</source>
        <translation>Proses</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Pemicu</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>Durasi</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Partitions done</source>
        <translation>Partisi selesai</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Kesalahan</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Hari</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>Langkah terakhir</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Permintaan</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Detik</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>kept in the system keyring, never in a file</source>
        <translation>disimpan di keyring sistem, tidak pernah di berkas</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Uji koneksi</translation>
    </message>
    <message>
        <source>Odoo address</source>
        <translation>Alamat Odoo</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Basis data</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>API key or password</source>
        <translation>Kunci API atau kata sandi</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Protokol</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Perusahaan</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <source>The user&apos;s default company</source>
        <translation>Perusahaan bawaan pengguna</translation>
    </message>
    <message>
        <source>Company id {id}</source>
        <translation>Perusahaan id {id}</translation>
    </message>
    <message>
        <source>must be filled in</source>
        <translation>wajib diisi</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Menghubungkan…</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Connect to Odoo</source>
        <translation>Hubungkan ke Odoo</translation>
    </message>
    <message>
        <source>Enter your Odoo address and an API key (Odoo: Preferences &gt; Account Security), then test the connection to continue.</source>
        <translation>Masukkan alamat Odoo Anda dan kunci API (Odoo: Preferensi &gt; Keamanan Akun), lalu uji koneksi untuk melanjutkan.</translation>
    </message>
</context>
<context>
    <name>DatasetsPage</name>
    <message>
        <source>Datasets</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>What to load from Odoo.</source>
        <translation>Apa yang dimuat dari Odoo.</translation>
    </message>
    <message>
        <source>Choose at least one dataset.</source>
        <translation>Pilih paling sedikit satu data.</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>today</source>
        <translation>hari ini</translation>
    </message>
    <message>
        <source>{done} of {total} steps · {data} {day}: {step}</source>
        <translation>{done} dari {total} langkah · {data} {day}: {step}</translation>
    </message>
    <message>
        <source> ({rows} rows)</source>
        <translation> ({rows} baris)</translation>
    </message>
    <message>
        <source>Profit rebuild</source>
        <translation>Hitung ulang laba</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <source>Nightly sync</source>
        <translation>Sinkronisasi malam</translation>
    </message>
    <message>
        <source>Catch-up sync</source>
        <translation>Sinkronisasi susulan</translation>
    </message>
    <message>
        <source>{trigger} sync</source>
        <translation>Sinkronisasi {trigger}</translation>
    </message>
    <message>
        <source>Backfill {first} to {last}</source>
        <translation>Muat data lama {first} s.d. {last}</translation>
    </message>
    <message>
        <source>Retry of {count} failed partitions</source>
        <translation>Ulangi {count} partisi yang gagal</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Export to Excel…</source>
        <translation>Ekspor ke Excel…</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Ekspor ke Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>Exporting to {file}…</source>
        <translation>Mengekspor ke {file}…</translation>
    </message>
    <message>
        <source>The export failed: {reason}</source>
        <translation>Ekspor gagal: {reason}</translation>
    </message>
    <message>
        <source>This table has no columns to export.</source>
        <translation>Tabel ini tidak punya kolom untuk diekspor.</translation>
    </message>
    <message>
        <source>Exported {rows} rows to {file}</source>
        <translation>{rows} baris diekspor ke {file}</translation>
    </message>
    <message>
        <source>KPI &amp;report…</source>
        <translation>&amp;Laporan KPI…</translation>
    </message>
    <message>
        <source>The lake is not open yet: try again in a moment.</source>
        <translation>Gudang data belum terbuka: coba lagi sebentar lagi.</translation>
    </message>
    <message>
        <source>KPI report {first} to {last}.xlsx</source>
        <translation>Laporan KPI {first} sd {last}.xlsx</translation>
    </message>
    <message>
        <source>History still loading: the days from {first} to {until} are not in the lake yet; export again when the banner above the tabs is gone.</source>
        <translation>Riwayat masih dimuat: hari {first} sampai {until} belum ada di gudang data; ekspor lagi setelah pemberitahuan di atas tab hilang.</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>{amount}&lt;br&gt;{orders} orders</source>
        <translation>{amount}&lt;br&gt;{orders} pesanan</translation>
    </message>
    <message>
        <source>revenue ({currency})</source>
        <translation>pendapatan ({currency})</translation>
    </message>
    <message>
        <source>revenue</source>
        <translation>pendapatan</translation>
    </message>
    <message>
        <source>Sales by hour and weekday (POS)</source>
        <translation>Penjualan per jam dan hari (POS)</translation>
    </message>
    <message>
        <source>{amount}&lt;br&gt;margin {margin}</source>
        <translation>{amount}&lt;br&gt;margin {margin}</translation>
    </message>
    <message>
        <source>Revenue by category</source>
        <translation>Pendapatan per kategori</translation>
    </message>
    <message>
        <source> · colour: margin, red below the overall {margin}, green above</source>
        <translation> · warna: margin, merah di bawah {margin}, hijau di atas</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <source>Revenue by payment method</source>
        <translation>Pendapatan per metode pembayaran</translation>
    </message>
    <message>
        <source>{amount}&lt;br&gt;{transactions} transactions, basket {basket}</source>
        <translation>{amount}&lt;br&gt;{transactions} transaksi, rata-rata keranjang {basket}</translation>
    </message>
    <message>
        <source>Revenue by cashier</source>
        <translation>Pendapatan per kasir</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>This window is a viewer of a lake another PC writes (nkdash --viewer): it never syncs and keeps its settings in memory. Change the connection, schedule and lake on the writer PC.</source>
        <translation>Jendela ini hanya penampil lake yang ditulis PC lain (nkdash --viewer): tidak pernah menyinkronkan dan menyimpan pengaturannya di memori saja. Ubah koneksi, jadwal, dan lake di PC penulis.</translation>
    </message>
    <message>
        <source>The demo runs on a built-in demo Odoo with made-up sales, and keeps its settings in memory: there is nothing to set here. To connect your own Odoo, start NK Dash without “demo”; its first start asks for the Odoo address, database, login and API key.</source>
        <translation>Demo berjalan dengan Odoo demo bawaan berisi penjualan rekaan, dan menyimpan pengaturannya di memori: tidak ada yang perlu diatur di sini. Untuk menghubungkan Odoo Anda sendiri, jalankan NK Dash tanpa “demo”; saat pertama dijalankan ia menanyakan alamat Odoo, basis data, login dan kunci API.</translation>
    </message>
    <message>
        <source>{size} bytes</source>
        <translation>{size} bita</translation>
    </message>
    <message>
        <source>not set up</source>
        <translation>belum diatur</translation>
    </message>
    <message>
        <source>{url} (no connection set up)</source>
        <translation>{url} (koneksi belum diatur)</translation>
    </message>
    <message>
        <source>{url} (not reachable now: {reason})</source>
        <translation>{url} (tidak terjangkau saat ini: {reason})</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>mengukur…</translation>
    </message>
    <message>
        <source>{app} (demo)</source>
        <translation>{app} (demo)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{app}&lt;/b&gt;&lt;br&gt;&lt;br&gt;Odoo: {odoo}&lt;br&gt;Database: {database}&lt;br&gt;Lake folder: {lake} ({size})&lt;br&gt;Log file: {log}</source>
        <translation>&lt;b&gt;{app}&lt;/b&gt;&lt;br&gt;&lt;br&gt;Odoo: {odoo}&lt;br&gt;Basis data: {database}&lt;br&gt;Folder gudang data: {lake} ({size})&lt;br&gt;Berkas log: {log}</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ba&amp;ntuan</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Panduan pengguna</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Buka folder &amp;log</translation>
    </message>
    <message>
        <source>Open la&amp;ke folder</source>
        <translation>Buka folder &amp;gudang data</translation>
    </message>
    <message>
        <source>&amp;About {app}</source>
        <translation>&amp;Tentang {app}</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>Tentang {app}</translation>
    </message>
    <message>
        <source>asking Odoo…</source>
        <translation>menanyakan Odoo…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
</context>
<context>
    <name>HistoryBanner</name>
    <message>
        <source>Loading history: {days} days from Odoo, newest first…</source>
        <translation>Memuat riwayat: {days} hari dari Odoo, terbaru dulu…</translation>
    </message>
    <message>
        <source>History loaded: computing profit…</source>
        <translation>Riwayat dimuat: menghitung laba…</translation>
    </message>
    <message>
        <source>Loading history: {done} of {days} days, about {duration} left</source>
        <translation>Memuat riwayat: {done} dari {days} hari, sekitar {duration} lagi</translation>
    </message>
    <message>
        <source>Loading history: {done} of {days} days</source>
        <translation>Memuat riwayat: {done} dari {days} hari</translation>
    </message>
    <message>
        <source>History still loading: the figures of this range are not complete yet.</source>
        <translation>Riwayat masih dimuat: angka rentang ini belum lengkap.</translation>
    </message>
    <message>
        <source>History still loading: this range has no figures yet; they come as its days arrive.</source>
        <translation>Riwayat masih dimuat: rentang ini belum punya angka; angkanya muncul saat hari-harinya tiba.</translation>
    </message>
    <message>
        <source>History still loading: figures from {day} only (this range or the period it is compared with starts earlier).</source>
        <translation>Riwayat masih dimuat: angka hanya sejak {day} (rentang ini atau periode pembandingnya dimulai lebih awal).</translation>
    </message>
</context>
<context>
    <name>Inventory</name>
    <message>
        <source>No stock snapshot in the lake yet: the next sync takes one.</source>
        <translation>Belum ada potret stok di gudang data: sinkronisasi berikutnya mengambilnya.</translation>
    </message>
    <message>
        <source>No stock moves in this range.</source>
        <translation>Tidak ada mutasi stok dalam rentang ini.</translation>
    </message>
</context>
<context>
    <name>InventoryTab</name>
    <message>
        <source>Stock value at cost by category</source>
        <translation>Nilai stok (harga pokok) per kategori</translation>
    </message>
    <message>
        <source>Stock move lines in and out per day</source>
        <translation>Baris mutasi stok masuk dan keluar per hari</translation>
    </message>
    <message>
        <source> (stock levels read on {day})</source>
        <translation> (stok dibaca pada {day})</translation>
    </message>
    <message>
        <source>Stock value at cost by category on {day}</source>
        <translation>Nilai stok (harga pokok) per kategori pada {day}</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Keluar</translation>
    </message>
</context>
<context>
    <name>KpiCard</name>
    <message>
        <source>LIVE</source>
        <translation>LANGSUNG</translation>
    </message>
    <message>
        <source>{compared}, {period}: {figures}</source>
        <translation>{compared}, {period}: {figures}</translation>
    </message>
</context>
<context>
    <name>LakeForm</name>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Lake folder</source>
        <translation>Folder gudang data</translation>
    </message>
    <message>
        <source>Move the existing lake to the new folder (copy, verify, switch)</source>
        <translation>Pindahkan gudang data yang ada ke folder baru (salin, periksa, alihkan)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
</context>
<context>
    <name>LakePage</name>
    <message>
        <source>Where to keep the data</source>
        <translation>Tempat menyimpan data</translation>
    </message>
    <message>
        <source>The lake: plain Parquet files of your sales, purchases and stock on this computer.</source>
        <translation>Gudang data: berkas Parquet biasa berisi penjualan, pembelian dan stok Anda di komputer ini.</translation>
    </message>
</context>
<context>
    <name>LiveToday</name>
    <message>
        <source>Odoo unreachable: showing the lake</source>
        <translation>Odoo tidak terjangkau: menampilkan gudang data</translation>
    </message>
    <message>
        <source>No Odoo connection set up: showing the lake</source>
        <translation>Koneksi Odoo belum diatur: menampilkan gudang data</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>The log of the current run appears here.</source>
        <translation>Log proses yang sedang berjalan tampil di sini.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>No Odoo connection is set up: run `nkdash login` first.</source>
        <translation>Koneksi Odoo belum diatur: jalankan `nkdash login` dahulu.</translation>
    </message>
    <message>
        <source>A viewer: the PC that owns this lake syncs it; new days show once it publishes.</source>
        <translation>Mode penampil: PC pemilik lake ini yang menyinkronkannya; hari baru tampil setelah PC itu menerbitkannya.</translation>
    </message>
    <message>
        <source>{app} (demo)</source>
        <translation>{app} (demo)</translation>
    </message>
    <message>
        <source>{app} (viewer)</source>
        <translation>{app} (penampil)</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkronkan sekarang</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Batalkan proses</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Pengaturan…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>Tema &amp;gelap</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Ekspor</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Proses</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sinkronkan sekarang</translation>
    </message>
    <message>
        <source>&amp;Backfill…</source>
        <translation>&amp;Muat data lama…</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>&amp;Batalkan proses</translation>
    </message>
    <message>
        <source>Opening the lake…</source>
        <translation>Membuka gudang data…</translation>
    </message>
    <message>
        <source>Lake: {folder}</source>
        <translation>Gudang data: {folder}</translation>
    </message>
    <message>
        <source>The lake cannot be opened: {reason}</source>
        <translation>Gudang data tidak bisa dibuka: {reason}</translation>
    </message>
    <message>
        <source>history loading</source>
        <translation>riwayat sedang dimuat</translation>
    </message>
    <message>
        <source>{data}: complete up to {day}</source>
        <translation>{data}: lengkap sampai {day}</translation>
    </message>
    <message>
        <source>The theme cannot be saved: {reason}</source>
        <translation>Tema tidak bisa disimpan: {reason}</translation>
    </message>
    <message>
        <source>LIVE: asking Odoo…</source>
        <translation>LANGSUNG: menanyakan Odoo…</translation>
    </message>
    <message>
        <source>● LIVE from Odoo, updated {time}</source>
        <translation>● LANGSUNG dari Odoo, diperbarui {time}</translation>
    </message>
    <message>
        <source>Today&apos;s cards come from Odoo&apos;s own totals, every few minutes.</source>
        <translation>Kartu hari ini berasal dari total Odoo sendiri, tiap beberapa menit.</translation>
    </message>
    <message>
        <source>A run is already going on.</source>
        <translation>Sebuah proses sedang berjalan.</translation>
    </message>
    <message>
        <source>{run}: planning…</source>
        <translation>{run}: menyusun rencana…</translation>
    </message>
    <message>
        <source>The run stopped: {reason}</source>
        <translation>Proses berhenti: {reason}</translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>What to do with days the lake already has.</source>
        <translation>Apa yang dilakukan dengan hari yang sudah ada di gudang data.</translation>
    </message>
</context>
<context>
    <name>NightlySync</name>
    <message>
        <source>Nightly sync: no Odoo connection yet</source>
        <translation>Sinkronisasi malam: belum ada koneksi Odoo</translation>
    </message>
    <message>
        <source>Nightly sync: off (Settings &gt; Schedule)</source>
        <translation>Sinkronisasi malam: mati (Pengaturan &gt; Jadwal)</translation>
    </message>
    <message>
        <source>Nightly sync: paused</source>
        <translation>Sinkronisasi malam: dijeda</translation>
    </message>
    <message>
        <source>Nightly sync: none planned</source>
        <translation>Sinkronisasi malam: tidak ada jadwal</translation>
    </message>
    <message>
        <source>Next nightly sync: {when}</source>
        <translation>Sinkronisasi malam berikutnya: {when}</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>Revenue and gross profit per day</source>
        <translation>Pendapatan dan laba kotor per hari</translation>
    </message>
    <message>
        <source>No sales in the lake for this range.</source>
        <translation>Tidak ada penjualan di gudang data untuk rentang ini.</translation>
    </message>
    <message>
        <source>No sales in the lake for today yet: the nightly sync covers up to yesterday.</source>
        <translation>Belum ada penjualan hari ini di gudang data: sinkronisasi malam mencakup sampai kemarin.</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>Top products by revenue</source>
        <translation>Produk teratas menurut pendapatan</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Pendapatan</translation>
    </message>
    <message>
        <source>Gross profit</source>
        <translation>Laba kotor</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <source>Plan preview</source>
        <translation>Pratinjau rencana</translation>
    </message>
    <message>
        <source>What the backfill will load, with estimates from past runs.</source>
        <translation>Apa yang akan dimuat, dengan perkiraan dari proses sebelumnya.</translation>
    </message>
    <message>
        <source>Start backfill</source>
        <translation>Mulai memuat</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Days to load</source>
        <translation>Hari dimuat</translation>
    </message>
    <message>
        <source>Days skipped</source>
        <translation>Hari dilewati</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>Menyusun rencana…</translation>
    </message>
    <message>
        <source>{partitions} partitions to load, {skipped} skipped: about {requests} requests to Odoo and {duration}.</source>
        <translation>{partitions} partisi akan dimuat, {skipped} dilewati: sekitar {requests} permintaan ke Odoo dan {duration}.</translation>
    </message>
    <message>
        <source>Nothing to load: every day in the range is complete. Go back and choose “{mode}” to load them again.</source>
        <translation>Tidak ada yang dimuat: setiap hari dalam rentang sudah lengkap. Kembali dan pilih “{mode}” untuk memuatnya lagi.</translation>
    </message>
    <message>
        <source>The plan cannot be made: {reason}</source>
        <translation>Rencana tidak bisa dibuat: {reason}</translation>
    </message>
</context>
<context>
    <name>PlotlyView</name>
    <message>
        <source>These charts stopped: the web process that draws them ended ({reason}). The rest of the app keeps working.</source>
        <translation>Grafik ini berhenti: proses web yang menggambarnya berakhir ({reason}). Bagian lain aplikasi tetap berjalan.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <source>Reload the charts</source>
        <translation>Muat ulang grafik</translation>
    </message>
    <message>
        <source>it crashed</source>
        <translation>prosesnya macet</translation>
    </message>
    <message>
        <source>it was killed</source>
        <translation>prosesnya dihentikan</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>kode keluar {code}</translation>
    </message>
</context>
<context>
    <name>Profit</name>
    <message>
        <source>No cost data yet for this range: gross profit appears once profit has been computed (after the next sync).</source>
        <translation>Belum ada data harga pokok untuk rentang ini: laba kotor muncul setelah laba dihitung (sesudah sinkronisasi berikutnya).</translation>
    </message>
    <message>
        <source>History still loading: gross profit is computed once every day of the history is in.</source>
        <translation>Riwayat masih dimuat: laba kotor dihitung setelah semua hari riwayatnya masuk.</translation>
    </message>
    <message>
        <source>History still loading: gross profit is computed once every day of the history is in; export again when the banner above the tabs is gone.</source>
        <translation>Riwayat masih dimuat: laba kotor dihitung setelah semua hari riwayatnya masuk; ekspor lagi setelah pemberitahuan di atas tab hilang.</translation>
    </message>
</context>
<context>
    <name>ProfitTab</name>
    <message>
        <source>No purchase cost is known for these products on or before the days they were sold: they are left out of gross profit and margin rather than counted at cost 0.</source>
        <translation>Harga beli produk ini belum diketahui pada atau sebelum hari penjualannya: produk ini tidak dihitung dalam laba kotor dan margin, bukan dihitung dengan harga pokok 0.</translation>
    </message>
    <message>
        <source>Margin per day</source>
        <translation>Margin per hari</translation>
    </message>
    <message>
        <source>Margin per day ({currency})</source>
        <translation>Margin per hari ({currency})</translation>
    </message>
    <message>
        <source> · {share} of revenue at Odoo&apos;s standard cost</source>
        <translation> · {share} pendapatan dengan harga pokok standar Odoo</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
</context>
<context>
    <name>Purchases</name>
    <message>
        <source>No vendor bills in this range.</source>
        <translation>Tidak ada tagihan pemasok dalam rentang ini.</translation>
    </message>
    <message>
        <source>No product has been bought yet: the cost trend needs vendor bills.</source>
        <translation>Belum ada produk yang dibeli: tren harga beli memerlukan tagihan pemasok.</translation>
    </message>
    <message>
        <source>{product} (not bought in this range)</source>
        <translation>{product} (tidak dibeli dalam rentang ini)</translation>
    </message>
    <message>
        <source>Purchase price per unit</source>
        <translation>Harga beli per unit</translation>
    </message>
</context>
<context>
    <name>PurchasesTab</name>
    <message>
        <source>Cost trend of</source>
        <translation>Tren harga beli</translation>
    </message>
    <message>
        <source>Net unit price</source>
        <translation>Harga satuan bersih</translation>
    </message>
    <message>
        <source>Unit cost with taxes</source>
        <translation>Harga pokok satuan dengan pajak</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>T&amp;empel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Tampilkan rincian...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Sembunyikan rincian...</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Salin alamat &amp;tautan</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Kembali</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Lanjut &gt;</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Lanjut</translation>
    </message>
    <message>
        <source>Go Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Selesai</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
</context>
<context>
    <name>RangeBar</name>
    <message>
        <source>The business days shown, in the shop&apos;s time zone. The lake holds the days up to yesterday (the nightly sync); today&apos;s revenue and transactions come live from Odoo. The cards compare with the period before: today with yesterday up to the same time, a month so far with the previous month up to the same day, the year so far with the same dates last year.</source>
        <translation>Hari usaha yang ditampilkan, menurut zona waktu toko. Gudang data berisi hari-hari sampai kemarin (sinkronisasi malam); pendapatan dan transaksi hari ini langsung dari Odoo. Kartu membandingkan dengan periode sebelumnya: hari ini dengan kemarin sampai jam yang sama, bulan berjalan dengan bulan lalu sampai tanggal yang sama, tahun berjalan dengan tanggal yang sama tahun lalu.</translation>
    </message>
    <message>
        <source>Today so far: revenue and transactions live from Odoo.</source>
        <translation>Hari ini sejauh ini: pendapatan dan transaksi langsung dari Odoo.</translation>
    </message>
    <message>
        <source>Yesterday, the last day the nightly sync loaded.</source>
        <translation>Kemarin, hari terakhir yang dimuat sinkronisasi malam.</translation>
    </message>
    <message>
        <source>The 7 complete days ending yesterday.</source>
        <translation>7 hari penuh yang berakhir kemarin.</translation>
    </message>
    <message>
        <source>From the 1st of this month to today.</source>
        <translation>Dari tanggal 1 bulan ini sampai hari ini.</translation>
    </message>
    <message>
        <source>The whole previous calendar month.</source>
        <translation>Seluruh bulan kalender sebelumnya.</translation>
    </message>
    <message>
        <source>From 1 January to today.</source>
        <translation>Dari 1 Januari sampai hari ini.</translation>
    </message>
    <message>
        <source>Any days: pick the first and the last.</source>
        <translation>Hari mana saja: pilih hari pertama dan terakhir.</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Pilih sendiri</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Perusahaan</translation>
    </message>
    <message>
        <source>One company&apos;s figures, or all companies together (each currency apart).</source>
        <translation>Angka satu perusahaan, atau semua perusahaan bersama (tiap mata uang terpisah).</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Mata uang</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Rentang</translation>
    </message>
    <message>
        <source>to</source>
        <translation>s.d.</translation>
    </message>
    <message>
        <source>All companies</source>
        <translation>Semua perusahaan</translation>
    </message>
    <message>
        <source>Charts of the companies in {currency}: {companies} (amounts of different currencies are never added)</source>
        <translation>Grafik perusahaan dalam {currency}: {companies} (jumlah dalam mata uang berbeda tidak pernah dijumlahkan)</translation>
    </message>
    <message>
        <source>an unknown currency</source>
        <translation>mata uang tak dikenal</translation>
    </message>
</context>
<context>
    <name>RangePage</name>
    <message>
        <source>Date range</source>
        <translation>Rentang tanggal</translation>
    </message>
    <message>
        <source>The business days to load (in the shop&apos;s time zone).</source>
        <translation>Hari usaha yang dimuat (menurut zona waktu toko).</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Hari pertama</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Hari terakhir</translation>
    </message>
    <message>
        <source>Asking Odoo where its data starts…</source>
        <translation>Menanyakan Odoo sejak kapan datanya ada…</translation>
    </message>
    <message>
        <source>Odoo&apos;s data starts on {day}.</source>
        <translation>Data Odoo mulai pada {day}.</translation>
    </message>
    <message>
        <source>Odoo has no records of these datasets yet.</source>
        <translation>Odoo belum punya catatan untuk data ini.</translation>
    </message>
    <message>
        <source>Odoo cannot be reached, so the range is not checked against its data: {reason}</source>
        <translation>Odoo tidak terjangkau, jadi rentang tidak diperiksa terhadap datanya: {reason}</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Run</source>
        <translation>Proses</translation>
    </message>
    <message>
        <source>You can keep using the dashboard; closing this window leaves the run going.</source>
        <translation>Anda tetap bisa memakai dasbor; menutup jendela ini tidak menghentikan proses.</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Batalkan proses</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>Keseluruhan</translation>
    </message>
    <message>
        <source>Backfill {first} to {last}</source>
        <translation>Muat data lama {first} s.d. {last}</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Berjalan…</translation>
    </message>
    <message>
        <source>Another run is going on: the backfill starts when it ends.</source>
        <translation>Proses lain sedang berjalan: pemuatan dimulai setelah proses itu selesai.</translation>
    </message>
    <message>
        <source>{data} {day}: {step}</source>
        <translation>{data} {day}: {step}</translation>
    </message>
    <message>
        <source>today</source>
        <translation>hari ini</translation>
    </message>
    <message>
        <source>About {duration} left ({done} of {total} partitions)</source>
        <translation>Sekitar {duration} lagi ({done} dari {total} partisi)</translation>
    </message>
    <message>
        <source>Cancelling: finishing the partitions in progress…</source>
        <translation>Membatalkan: menyelesaikan partisi yang sedang dikerjakan…</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <source>Select a run or a partition with an error to read it here in full.</source>
        <translation>Pilih proses atau partisi yang bermasalah untuk membaca kesalahannya secara lengkap di sini.</translation>
    </message>
    <message>
        <source>nightly</source>
        <translation>malam</translation>
    </message>
    <message>
        <source>catch-up</source>
        <translation>susulan</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>backfill</source>
        <translation>data lama</translation>
    </message>
    <message>
        <source>cli</source>
        <translation>cli</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>ulang</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>perbaikan</translation>
    </message>
    <message>
        <source>upgrade</source>
        <translation>pembaruan</translation>
    </message>
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
        <source>skipped</source>
        <translation>dilewati</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>tersimpan</translation>
    </message>
</context>
<context>
    <name>RunsTab</name>
    <message>
        <source>Partitions</source>
        <translation>Partisi</translation>
    </message>
    <message>
        <source>Retry failed partitions</source>
        <translation>Ulangi partisi yang gagal</translation>
    </message>
    <message>
        <source>Log of the current run</source>
        <translation>Log proses yang berjalan</translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation>Belum ada proses.</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>Kesalahan: {error}</translation>
    </message>
    <message>
        <source>Partitions of run {run}: {count}, {failed} still failed</source>
        <translation>Partisi proses {run}: {count}, {failed} masih gagal</translation>
    </message>
    <message>
        <source>Partitions of run {run}: {count}</source>
        <translation>Partisi proses {run}: {count}</translation>
    </message>
</context>
<context>
    <name>Sales</name>
    <message>
        <source>No POS sales in this range.</source>
        <translation>Tidak ada penjualan POS dalam rentang ini.</translation>
    </message>
    <message>
        <source>No sales in this range.</source>
        <translation>Tidak ada penjualan dalam rentang ini.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>A new language shows once NK Dash is started again.</source>
        <translation>Bahasa baru tampil setelah NK Dash dijalankan ulang.</translation>
    </message>
    <message>
        <source>Start with Windows</source>
        <translation>Jalankan bersama Windows</translation>
    </message>
    <message>
        <source>Start when I sign in</source>
        <translation>Jalankan saat saya masuk</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Pengaturan disimpan.</translation>
    </message>
    <message>
        <source>Settings saved. {moved}</source>
        <translation>Pengaturan disimpan. {moved}</translation>
    </message>
    <message>
        <source>purchases</source>
        <translation>pembelian</translation>
    </message>
    <message>
        <source>sales</source>
        <translation>penjualan</translation>
    </message>
    <message>
        <source>other</source>
        <translation>lainnya</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Koneksi</translation>
    </message>
    <message>
        <source>Lake folder</source>
        <translation>Folder gudang data</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Jadwal</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation>Laba</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Saat mulai</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifikasi</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Perhatian</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <source>Sync every night</source>
        <translation>Sinkronkan setiap malam</translation>
    </message>
    <message>
        <source>At (local time)</source>
        <translation>Pukul (waktu setempat)</translation>
    </message>
    <message>
        <source>Cost products no bill prices at Odoo&apos;s standard cost</source>
        <translation>Beri harga pokok standar Odoo pada produk tanpa tagihan</translation>
    </message>
    <message>
        <source>Off: a product sold without a vendor bill before the sale has no known cost and is left out of gross profit and margin. On: it is costed at its Odoo cost (standard_price, per company), and every margin says how much of the revenue is costed that way. Changing this recomputes profit.</source>
        <translation>Mati: produk yang terjual tanpa tagihan pemasok sebelum penjualan tidak punya harga pokok dan tidak dihitung dalam laba kotor dan margin. Hidup: produk itu diberi harga pokok Odoo (standard_price, per perusahaan), dan setiap margin menyebut berapa bagian pendapatan yang dihitung begitu. Mengubah ini menghitung ulang laba.</translation>
    </message>
    <message>
        <source>Odoo&apos;s standard cost is an estimate kept in Odoo, not what the goods cost: the share of revenue costed with it is shown next to every margin.</source>
        <translation>Harga pokok standar Odoo adalah perkiraan yang disimpan di Odoo, bukan harga sebenarnya: porsi pendapatan yang dihitung dengannya ditampilkan di samping setiap margin.</translation>
    </message>
    <message>
        <source>Start minimised to the tray</source>
        <translation>Mulai diperkecil ke baki sistem</translation>
    </message>
    <message>
        <source>Only when a run fails</source>
        <translation>Hanya saat proses gagal</translation>
    </message>
    <message>
        <source>After every run (failed or not)</source>
        <translation>Setelah setiap proses (gagal atau tidak)</translation>
    </message>
    <message>
        <source>Cost jump above (%)</source>
        <translation>Harga pokok naik lebih dari (%)</translation>
    </message>
    <message>
        <source>on bills of the last (days)</source>
        <translation>pada tagihan dalam (hari) terakhir</translation>
    </message>
    <message>
        <source>Running out: cover under (days)</source>
        <translation>Hampir habis: cukup kurang dari (hari)</translation>
    </message>
    <message>
        <source>at the sales rate of the last (days)</source>
        <translation>dengan laju penjualan (hari) terakhir</translation>
    </message>
    <message>
        <source>Dead stock: unsold for (days)</source>
        <translation>Stok mati: tidak terjual selama (hari)</translation>
    </message>
    <message>
        <source>Unusual day: same weekday of the last (weeks)</source>
        <translation>Hari tak biasa: hari yang sama dalam (minggu) terakhir</translation>
    </message>
    <message>
        <source>outside the median ± k × MAD, k =</source>
        <translation>di luar median ± k × MAD, k =</translation>
    </message>
    <message>
        <source>Everything that needs attention</source>
        <translation>Semua yang perlu perhatian</translation>
    </message>
    <message>
        <source>Data problems only</source>
        <translation>Hanya masalah data</translation>
    </message>
    <message>
        <source>Nothing</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <source>After the nightly sync, notify</source>
        <translation>Setelah sinkronisasi malam, beri tahu</translation>
    </message>
    <message>
        <source>System (the Windows display language)</source>
        <translation>Sistem (bahasa tampilan Windows)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>still being checked</source>
        <translation>masih diperiksa</translation>
    </message>
    <message>
        <source>Moving the lake…</source>
        <translation>Memindahkan gudang data…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <source>Nothing was saved: {reason}</source>
        <translation>Tidak ada yang disimpan: {reason}</translation>
    </message>
</context>
<context>
    <name>SettingsForms</name>
    <message>
        <source>Automatic</source>
        <translation>Otomatis</translation>
    </message>
    <message>
        <source>Enter the API key or password for this connection (it goes to the system keyring).</source>
        <translation>Masukkan kunci API atau kata sandi untuk koneksi ini (disimpan di keyring sistem).</translation>
    </message>
    <message>
        <source>Unexpected error ({error}): see the log file.</source>
        <translation>Kesalahan tak terduga ({error}): lihat berkas log.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>{app}: setup</source>
        <translation>{app}: penyiapan</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <source>Nothing was saved: {reason}</source>
        <translation>Tidak ada yang disimpan: {reason}</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Days done</source>
        <translation>Hari selesai</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Kegagalan</translation>
    </message>
    <message>
        <source>Retry failed partitions</source>
        <translation>Ulangi partisi yang gagal</translation>
    </message>
    <message>
        <source>The backfill stopped: {reason}</source>
        <translation>Pemuatan berhenti: {reason}</translation>
    </message>
    <message>
        <source>{data} {day} ({step}): {error}</source>
        <translation>{data} {day} ({step}): {error}</translation>
    </message>
    <message>
        <source>today</source>
        <translation>hari ini</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>The run&apos;s details cannot be read: {reason}</source>
        <translation>Rincian proses tidak bisa dibaca: {reason}</translation>
    </message>
    <message>
        <source>Another run is going on: retry when it has finished.</source>
        <translation>Proses lain sedang berjalan: ulangi setelah selesai.</translation>
    </message>
    <message>
        <source>Retrying {count} failed partitions…</source>
        <translation>Mengulangi {count} partisi yang gagal…</translation>
    </message>
</context>
<context>
    <name>Tab</name>
    <message>
        <source>History still loading: the days of this range are not in the lake yet.</source>
        <translation>Riwayat masih dimuat: hari-hari rentang ini belum ada di gudang data.</translation>
    </message>
    <message>
        <source>unknown currency</source>
        <translation>mata uang tak dikenal</translation>
    </message>
    <message>
        <source>{tab}: {table}</source>
        <translation>{tab}: {table}</translation>
    </message>
    <message>
        <source>{tab}: could not load ({reason})</source>
        <translation>{tab}: gagal dimuat ({reason})</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <source>Stock on hand</source>
        <translation>Stok tersedia</translation>
    </message>
    <message>
        <source>Top products</source>
        <translation>Produk teratas</translation>
    </message>
    <message>
        <source>Sold without a known cost (margin unknown)</source>
        <translation>Terjual tanpa harga pokok (margin tak diketahui)</translation>
    </message>
    <message>
        <source>Profit by product</source>
        <translation>Laba per produk</translation>
    </message>
    <message>
        <source>Spend by vendor</source>
        <translation>Belanja per pemasok</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partisi</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>Riwayat proses</translation>
    </message>
</context>
<context>
    <name>Tabs</name>
    <message>
        <source>Overview</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Penjualan</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation>Laba</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>Pembelian</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Persediaan</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Proses</translation>
    </message>
</context>
<context>
    <name>TaxTable</name>
    <message>
        <source>Tax</source>
        <translation>Pajak</translation>
    </message>
    <message>
        <source>Multiplier</source>
        <translation>Pengali</translation>
    </message>
    <message>
        <source>Pick the purchase tax (its name and rate come from Odoo) and the multiplier to use for costs bought with it instead of the one worked out from its rate.</source>
        <translation>Pilih pajak pembelian (nama dan tarifnya dari Odoo) dan pengali yang dipakai untuk harga beli dengan pajak itu, menggantikan pengali yang dihitung dari tarifnya.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Gross profit needs costs with taxes, like the sales. A bill&apos;s cost is turned into a tax-included one with its taxes&apos; multiplier, worked out from each tax&apos;s rate (1.11 for 11 % VAT). Set one here only where that is wrong for your shop, e.g. a tax you can reclaim: 1.0.</source>
        <translation>Laba kotor memerlukan harga pokok termasuk pajak, seperti penjualan. Harga di tagihan diubah menjadi harga termasuk pajak dengan pengali pajaknya, yang dihitung dari tarif tiap pajak (1,11 untuk PPN 11 %). Isi di sini hanya bila itu keliru untuk toko Anda, misalnya pajak yang bisa dikreditkan: 1,0.</translation>
    </message>
    <message>
        <source>tax id {id} is listed twice</source>
        <translation>id pajak {id} tercantum dua kali</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Open {app}</source>
        <translation>&amp;Buka {app}</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sinkronkan sekarang</translation>
    </message>
    <message>
        <source>&amp;Backfill…</source>
        <translation>&amp;Muat data lama…</translation>
    </message>
    <message>
        <source>&amp;Pause nightly sync</source>
        <translation>&amp;Jeda sinkronisasi malam</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>{app}: the run failed</source>
        <translation>{app}: proses gagal</translation>
    </message>
    <message>
        <source>{app}: needs attention</source>
        <translation>{app}: perlu perhatian</translation>
    </message>
    <message>
        <source>{app}: run finished</source>
        <translation>{app}: proses selesai</translation>
    </message>
    <message>
        <source>&amp;Resume nightly sync</source>
        <translation>&amp;Lanjutkan sinkronisasi malam</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>siaga</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>berjalan…</translation>
    </message>
    <message>
        <source>the last run failed</source>
        <translation>proses terakhir gagal</translation>
    </message>
    <message>
        <source>Still running in the tray; the nightly sync keeps going. Quit from the tray menu.</source>
        <translation>Masih berjalan di baki sistem; sinkronisasi malam tetap jalan. Keluar lewat menu baki.</translation>
    </message>
</context>
<context>
    <name>UserGuide</name>
    <message>
        <source>{app} user guide</source>
        <translation>Panduan pengguna {app}</translation>
    </message>
    <message>
        <source>The user guide cannot be read from {path}: {reason}.</source>
        <translation>Panduan pengguna tidak bisa dibaca dari {path}: {reason}.</translation>
    </message>
</context>
</TS>
