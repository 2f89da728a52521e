<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en">
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
    <name>MainWindow</name>
    <message>
        <source>history loading</source>
        <translation>riwayat sedang dimuat</translation>
    </message>
</context>
</TS>
