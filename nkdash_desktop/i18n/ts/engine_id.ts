<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en">
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
        <source>{change} pt</source>
        <translation>{change} poin</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} dtk</translation>
    </message>
</context>
</TS>
