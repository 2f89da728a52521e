"""The demo business's fixed vocabulary: what NK Mart sells, to whom, from whom, with what.

Everything here is small (at most a few thousand rows) and built with plain Python; the
transaction generators in `data_*.py` consume the numpy arrays of `Catalogue`.
Ids are 1-based and equal to list position + 1 unless a constant says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

# --- fixed ids the server, the tests and the pipeline may rely on -----------------------------

COMPANY_MAIN, COMPANY_BALI = 1, 2
CURRENCY_IDR, CURRENCY_USD = 1, 2
# each company's own currency (res.company.currency_id)
COMPANY_CURRENCY = {COMPANY_MAIN: CURRENCY_IDR, COMPANY_BALI: CURRENCY_USD}  # Bali: dollars
# the round rupiah-per-dollar figure the Bali shop's dollar price list and costs were drawn up
# at: a price list, not an accounting rate (journal entries are posted at res.currency.rate by
# date: currency.py)
IDR_PER_USD = 16_250.0
UOM_UNITS, UOM_DOZENS, UOM_KG, UOM_LITRE = 1, 2, 3, 4
UID_ODOOBOT, UID_ADMIN, UID_VIEWER = 1, 2, 3

# account.tax ids (company 1)
TAX_PPN11, TAX_PPN11_INCL, TAX_EXEMPT, TAX_PPN12 = 1, 2, 3, 4
TAX_IN_PPN11_INCL, TAX_IN_PPN11, TAX_IN_GROUP, TAX_IN_RETRIBUSI, TAX_IN_EXEMPT = 5, 6, 7, 8, 9
SALE_TAX_RATE = {TAX_PPN11: 0.11, TAX_EXEMPT: 0.0}
PURCHASE_TAXES = (TAX_IN_PPN11_INCL, TAX_IN_PPN11, TAX_IN_GROUP, TAX_IN_EXEMPT)

# stock.location ids
LOC_PHYSICAL, LOC_PARTNERS, LOC_VENDORS, LOC_CUSTOMERS = 1, 2, 3, 4
LOC_VIRTUAL, LOC_INVENTORY, LOC_WH, LOC_WH_STOCK, LOC_SHELF1, LOC_BACKROOM = 5, 6, 7, 8, 9, 10
LOC_BL, LOC_BL_STOCK = 11, 12
INTERNAL_LOCATIONS = (LOC_WH_STOCK, LOC_SHELF1, LOC_BACKROOM, LOC_BL_STOCK)

# stock.picking.type ids
PT_RECEIPTS, PT_DELIVERY, PT_POS, PT_INTERNAL, PT_POS_BALI = 1, 2, 3, 4, 5

# account.journal / account.account ids
J_SALES, J_PURCHASE, J_POS, J_CASH, J_BANK, J_POS_BALI, J_PURCHASE_BALI = 1, 2, 3, 4, 5, 6, 7
J_SALES_BALI = 8
ACC_BANK, ACC_CASH, ACC_RECEIVABLE, ACC_STOCK, ACC_VAT_IN = 1, 2, 3, 4, 5
ACC_PAYABLE, ACC_VAT_OUT, ACC_SALES, ACC_COGS, ACC_EXPENSE = 6, 7, 8, 9, 10

# pos.config / pos.payment.method ids
POS_KASIR1, POS_KASIR2, POS_BALI = 1, 2, 3
PM_CASH, PM_QRIS, PM_DEBIT, PM_CREDIT, PM_CASH_BALI, PM_QRIS_BALI = 1, 2, 3, 4, 5, 6

# product kinds (mapped to type/detailed_type/is_storable per flavour)
STORABLE, CONSUMABLE, SERVICE = 0, 1, 2
# how a till line's quantity is drawn: units, kg/L in quarters, always one, at most two
QTY_UNITS, QTY_BULK, QTY_SINGLE, QTY_AT_MOST_TWO = 0, 1, 2, 3

SCALES = {
    # products, B2B customers, suppliers, POS orders per day (company 1), cashiers
    "small": (60, 30, 10, 40),
    "medium": (400, 120, 30, 300),
    "large": (2000, 300, 60, 1000),
}

# res.company.tax_calculation_rounding_method: Odoo 17+ creates companies with round_globally
# (measured on 19; 16's default was round_per_line), and both demo companies keep it
ROUND_GLOBALLY, ROUND_PER_LINE = "round_globally", "round_per_line"

CURRENCIES = [
    {"name": "IDR", "symbol": "Rp", "decimal_places": 2, "rounding": 0.01, "active": True},
    {"name": "USD", "symbol": "$", "decimal_places": 2, "rounding": 0.01, "active": True},
]

UOMS = [
    {"name": "Units", "factor": 1.0, "rounding": 0.01, "active": True},
    {"name": "Dozens", "factor": 1 / 12, "rounding": 0.01, "active": True},
    {"name": "kg", "factor": 1.0, "rounding": 0.001, "active": True},
    {"name": "L", "factor": 1.0, "rounding": 0.001, "active": True},
]

TAXES = [
    # name, amount, amount_type, use, price_include, price_include_override (18+), children
    ("PPN 11%", 11.0, "percent", "sale", False, None, []),
    ("PPN 11% Termasuk", 11.0, "percent", "sale", True, "tax_included", []),
    ("Bebas PPN 0%", 0.0, "percent", "sale", False, None, []),
    ("PPN 12%", 12.0, "percent", "sale", False, "tax_excluded", []),
    ("PPN Masukan Termasuk 11%", 11.0, "percent", "purchase", True, "tax_included", []),
    ("PPN Masukan 11%", 11.0, "percent", "purchase", False, None, []),
    ("PPN Masukan + Retribusi", 0.0, "group", "purchase", False, None, [6, 8]),
    ("Retribusi 0.5%", 0.5, "percent", "purchase", False, None, []),
    ("Pembelian Bebas 0%", 0.0, "percent", "purchase", False, None, []),
]

JOURNALS = [
    ("Customer Invoices", "INV", "sale", COMPANY_MAIN),
    ("Vendor Bills", "BILL", "purchase", COMPANY_MAIN),
    ("Point of Sale", "POSS", "general", COMPANY_MAIN),
    ("Cash", "CSH1", "cash", COMPANY_MAIN),
    ("Bank", "BNK1", "bank", COMPANY_MAIN),
    ("Point of Sale Bali", "POSB", "general", COMPANY_BALI),
    ("Vendor Bills Bali", "BILLB", "purchase", COMPANY_BALI),
    ("Customer Invoices Bali", "INVB", "sale", COMPANY_BALI),
]

ACCOUNTS = [
    ("110100", "Bank", "asset_cash"),
    ("110200", "Kas", "asset_cash"),
    ("112100", "Piutang Usaha", "asset_receivable"),
    ("113100", "Persediaan Barang Dagang", "asset_current"),
    ("114100", "PPN Masukan", "asset_current"),
    ("211100", "Hutang Usaha", "liability_payable"),
    ("212100", "PPN Keluaran", "liability_current"),
    ("410000", "Penjualan", "income"),
    ("510000", "Harga Pokok Penjualan", "expense_direct_cost"),
    ("610000", "Beban Operasional", "expense"),
]

PAYMENT_METHODS = [
    ("Cash", COMPANY_MAIN, True),
    ("QRIS", COMPANY_MAIN, False),
    ("Debit Card", COMPANY_MAIN, False),
    ("Credit Card", COMPANY_MAIN, False),
    ("Cash Bali", COMPANY_BALI, True),
    ("QRIS Bali", COMPANY_BALI, False),
]

# name, company, payment methods, order-name prefix, share of company 1's daily orders
POS_CONFIGS = [
    ("NK Mart Kasir 1", COMPANY_MAIN, [1, 2, 3, 4], "Kasir 1", 0.58),
    ("NK Mart Kasir 2", COMPANY_MAIN, [1, 2, 3, 4], "Kasir 2", 0.42),
    ("NK Mart Bali Kasir", COMPANY_BALI, [5, 6], "Bali Kasir", 0.1),
]

# stock locations: name, parent id, usage, company
LOCATIONS = [
    ("Physical Locations", None, "view", None),
    ("Partners", None, "view", None),
    ("Vendors", LOC_PARTNERS, "supplier", None),
    ("Customers", LOC_PARTNERS, "customer", None),
    ("Virtual Locations", None, "view", None),
    ("Inventory adjustment", LOC_VIRTUAL, "inventory", None),
    ("WH", LOC_PHYSICAL, "view", COMPANY_MAIN),
    ("Stock", LOC_WH, "internal", COMPANY_MAIN),
    ("Shelf 1", LOC_WH_STOCK, "internal", COMPANY_MAIN),
    ("Backroom", LOC_WH, "internal", COMPANY_MAIN),
    ("BL", LOC_PHYSICAL, "view", COMPANY_BALI),
    ("Stock", LOC_BL, "internal", COMPANY_BALI),
]

# picking types: name, code, sequence_code, company, default source, default destination,
# picking-name prefix
PICKING_TYPES = [
    ("Receipts", "incoming", "IN", COMPANY_MAIN, LOC_VENDORS, LOC_WH_STOCK, "WH/IN/"),
    ("Delivery Orders", "outgoing", "OUT", COMPANY_MAIN, LOC_WH_STOCK, LOC_CUSTOMERS, "WH/OUT/"),
    ("PoS Orders", "outgoing", "POS", COMPANY_MAIN, LOC_WH_STOCK, LOC_CUSTOMERS, "WH/POS/"),
    ("Internal Transfers", "internal", "INT", COMPANY_MAIN, LOC_WH_STOCK, LOC_WH_STOCK, "WH/INT/"),
    ("PoS Orders Bali", "outgoing", "POS", COMPANY_BALI, LOC_BL_STOCK, LOC_CUSTOMERS, "BL/POS/"),
]

# cashiers: login, name, company, pos.config they work at
CASHIERS = [
    ("cashier1", "Ayu Lestari", COMPANY_MAIN, POS_KASIR1),
    ("cashier2", "Budi Santoso", COMPANY_MAIN, POS_KASIR1),
    ("cashier3", "Citra Dewi", COMPANY_MAIN, POS_KASIR2),
    ("cashier4", "Dedi Kurniawan", COMPANY_MAIN, POS_KASIR2),
    ("cashier5", "Eka Putri Wulandari", COMPANY_BALI, POS_BALI),
]
SUPERVISOR_NAME = "Rina Hartono (Supervisor)"  # an hr.employee without a user

MODULES = [
    # name, installed when (None = always, else the server option that installs it)
    ("base", None),
    ("web", None),
    ("account", None),
    ("stock", None),
    ("purchase", None),
    ("sale_management", None),
    ("point_of_sale", None),
    ("hr", "pos_hr"),
    ("pos_hr", "pos_hr"),
    ("product_brand", "product_brand"),
    ("mrp", "never"),
    ("website_sale", "never"),
]

MODEL_NAMES = {
    "res.currency": "Currency",
    "res.company": "Companies",
    "res.partner": "Contact",
    "res.users": "User",
    "hr.employee": "Employee",
    "ir.module.module": "Module",
    "ir.model": "Models",
    "product.category": "Product Category",
    "uom.uom": "Product Unit of Measure",
    "product.brand": "Product Brand",
    "product.template": "Product",
    "product.product": "Product Variant",
    "account.tax": "Tax",
    "account.journal": "Journal",
    "account.account": "Account",
    "pos.payment.method": "Point of Sale Payment Methods",
    "pos.config": "Point of Sale Configuration",
    "pos.session": "Point of Sale Session",
    "pos.order": "Point of Sale Orders",
    "pos.order.line": "Point of Sale Order Lines",
    "pos.payment": "Point of Sale Payments",
    "account.move": "Journal Entry",
    "account.move.line": "Journal Item",
    "stock.location": "Inventory Locations",
    "stock.picking.type": "Picking Type",
    "stock.picking": "Transfer",
    "stock.lot": "Lot/Serial",
    "stock.move": "Stock Move",
    "stock.move.line": "Product Moves (Stock Move Line)",
    "stock.quant": "Quants",
}


# --- product categories -----------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """A leaf category and how its products are named and priced."""

    path: tuple[str, ...]  # below "All / Saleable"
    weight: float  # share of generated products
    bases: tuple[str, ...]
    brands: tuple[str, ...]
    sizes: tuple[str, ...]
    price: tuple[int, int]  # IDR list price range, tax excluded
    lots: bool = False  # some products tracked by lot
    exempt: bool = False  # basic goods: VAT exempt


LEAVES: tuple[Leaf, ...] = (
    Leaf(
        ("Food", "Snacks"),
        1.6,
        (
            "Keripik Singkong",
            "Keripik Kentang",
            "Kacang Atom",
            "Biskuit Kelapa",
            "Wafer Coklat",
            "Kerupuk Udang",
            "Rempeyek Kacang",
            "Makaroni Pedas",
            "Stik Keju",
            "Popcorn Karamel",
        ),
        ("Chitato", "Qtela", "Garuda", "Mayora", "Roma", "Tango", "Oishi", "Kusuka", "Maicih"),
        ("60g", "75g", "150g", "250g"),
        (3000, 35000),
    ),
    Leaf(
        ("Food", "Instant Noodles"),
        1.0,
        (
            "Mie Goreng",
            "Mie Kuah Soto",
            "Mie Kari Ayam",
            "Mie Ayam Bawang",
            "Mie Rendang",
            "Bihun Goreng",
            "Mie Cup Baso",
        ),
        ("Indomie", "Mie Sedaap", "Sarimi", "Supermi", "Lemonilo", "Pop Mie"),
        ("70g", "85g", "Pack 5", "Dus 40"),
        (3000, 120000),
    ),
    Leaf(
        ("Food", "Rice & Grains"),
        0.8,
        (
            "Beras Pandan Wangi",
            "Beras Rojolele",
            "Beras Merah",
            "Tepung Terigu",
            "Tepung Beras",
            "Gula Pasir",
            "Kacang Hijau",
            "Minyak Goreng",
        ),
        ("Sania", "Bimoli", "Sunco", "Rose Brand", "Segitiga Biru", "Gulaku", "Fortune"),
        ("1kg", "2kg", "5kg", "2L"),
        (12000, 250000),
        exempt=True,
    ),
    Leaf(
        ("Food", "Bakery"),
        0.6,
        ("Roti Tawar", "Roti Sobek Coklat", "Roti Sisir Mentega", "Donat Gula", "Bolu Pandan"),
        ("Sari Roti", "Holland", "Roti O", "Swiss"),
        ("Isi 6", "Isi 10", "Kecil", "Besar"),
        (5000, 45000),
    ),
    Leaf(
        ("Food", "Dairy & Eggs"),
        0.8,
        (
            "Susu UHT Full Cream",
            "Susu UHT Coklat",
            "Keju Cheddar",
            "Yogurt Stroberi",
            "Mentega",
            "Susu Kental Manis",
        ),
        ("Ultra Milk", "Frisian Flag", "Greenfields", "Diamond", "Kraft", "Cimory", "Indomilk"),
        ("200ml", "170g", "1L", "Isi 6"),
        (5000, 80000),
        lots=True,
    ),
    Leaf(
        ("Food", "Frozen Food"),
        0.7,
        (
            "Nugget Ayam",
            "Sosis Sapi",
            "Bakso Sapi",
            "Dimsum Ayam",
            "Kentang Goreng Beku",
            "Es Krim Vanila",
        ),
        ("Fiesta", "So Good", "Champ", "Belfoods", "Kanzler", "Walls", "Aice"),
        ("250g", "500g", "1kg"),
        (8000, 120000),
        lots=True,
    ),
    Leaf(
        ("Food", "Canned & Sauces"),
        0.8,
        (
            "Sarden Saus Tomat",
            "Kornet Sapi",
            "Kecap Manis",
            "Saus Sambal",
            "Saus Tomat",
            "Santan Kelapa",
            "Sambal Terasi",
        ),
        ("ABC", "Bango", "Kobe", "Pronas", "Botan", "Kara", "Indofood"),
        ("65ml", "135ml", "275ml", "600ml"),
        (3000, 60000),
    ),
    Leaf(
        ("Food", "Confectionery"),
        0.6,
        ("Permen Mint", "Coklat Batang", "Permen Jahe", "Jelly Buah", "Marshmallow"),
        ("Relaxa", "Silverqueen", "Kopiko", "Yupi", "Cadbury", "Beng-Beng"),
        ("Isi 20", "50g", "100g"),
        (2000, 50000),
    ),
    Leaf(
        ("Beverages", "Coffee & Tea"),
        1.0,
        (
            "Kopi Bubuk",
            "Kopi Sachet 3in1",
            "Teh Celup",
            "Teh Melati",
            "Cappuccino Sachet",
            "Kopi Tubruk",
        ),
        ("Kapal Api", "ABC", "Torabika", "Nescafé", "Good Day", "Sariwangi", "Tong Tji"),
        ("Isi 10", "Isi 25", "165g", "380g"),
        (5000, 90000),
    ),
    Leaf(
        ("Beverages", "Soft Drinks"),
        1.0,
        (
            "Minuman Soda",
            "Minuman Isotonik",
            "Minuman Jeruk",
            "Teh Kotak",
            "Minuman Energi",
            "Cola",
        ),
        ("Coca-Cola", "Sprite", "Fanta", "Pocari Sweat", "Sosro", "Fruit Tea", "Big Cola"),
        ("250ml", "330ml", "1L", "1.5L"),
        (3000, 25000),
    ),
    Leaf(
        ("Beverages", "Mineral Water"),
        0.5,
        ("Air Mineral", "Air Mineral Galon", "Air Alkali", "Air Mineral Botol"),
        ("Aqua", "Le Minerale", "Club", "Nestlé Pure Life", "Cleo", "Vit"),
        ("330ml", "600ml", "1.5L", "19L"),
        (2000, 25000),
    ),
    Leaf(
        ("Beverages", "Juice & Milk Drinks"),
        0.6,
        ("Jus Jambu", "Jus Jeruk", "Susu Kedelai", "Jus Mangga", "Susu Coklat Kotak"),
        ("Buavita", "Country Choice", "Ultra", "Floridina", "Yakult"),
        ("200ml", "250ml", "1L", "Isi 5"),
        (3000, 40000),
    ),
    Leaf(
        ("Household", "Cleaning"),
        0.7,
        (
            "Sabun Cuci Piring",
            "Pembersih Lantai",
            "Pembersih Kaca",
            "Karbol Wangi",
            "Tisu Dapur",
            "Kantong Sampah",
        ),
        ("Sunlight", "Mama Lemon", "So Klin", "Wipol", "Super Pell", "Bayclin", "Mr Muscle"),
        ("400ml", "800ml", "1.6L", "Refill"),
        (5000, 60000),
    ),
    Leaf(
        ("Household", "Laundry"),
        0.6,
        ("Deterjen Bubuk", "Deterjen Cair", "Pelembut Pakaian", "Pewangi Pakaian", "Pemutih"),
        ("Rinso", "Attack", "So Klin", "Molto", "Daia", "Downy"),
        ("800g", "1.8kg", "900ml", "Refill 1.6L"),
        (8000, 85000),
    ),
    Leaf(
        ("Household", "Kitchenware"),
        0.4,
        ("Korek Api Gas", "Sendok Plastik", "Aluminium Foil", "Plastik Wrap", "Spons Cuci"),
        ("Tokai", "Klin Pak", "Lion Star", "Scotch-Brite", "Bagus"),
        ("Isi 10", "Isi 25", "30m", "1 pcs"),
        (3000, 45000),
    ),
    Leaf(
        ("Personal Care", "Bath & Body"),
        0.8,
        ("Sabun Mandi Batang", "Sabun Cair", "Body Lotion", "Deodoran", "Bedak Tabur"),
        ("Lifebuoy", "Lux", "Dettol", "Citra", "Nivea", "Rexona", "Marina", "Biore"),
        ("85g", "250ml", "400ml", "Refill"),
        (3000, 80000),
    ),
    Leaf(
        ("Personal Care", "Oral Care"),
        0.5,
        ("Pasta Gigi", "Sikat Gigi", "Obat Kumur", "Pasta Gigi Herbal"),
        ("Pepsodent", "Formula", "Close Up", "Sensodyne", "Enzim", "Ciptadent"),
        ("75g", "190g", "Isi 3", "250ml"),
        (4000, 65000),
    ),
    Leaf(
        ("Personal Care", "Hair Care"),
        0.5,
        ("Sampo", "Kondisioner", "Minyak Rambut", "Sampo Anti Ketombe"),
        ("Sunsilk", "Pantene", "Clear", "Head & Shoulders", "Emeron", "Dove", "Gatsby"),
        ("Sachet", "70ml", "170ml", "340ml"),
        (2000, 75000),
    ),
    Leaf(
        ("Personal Care", "Skin Care"),
        0.4,
        ("Sabun Muka", "Pelembab Wajah", "Tabir Surya", "Masker Wajah"),
        ("Wardah", "Garnier", "Pond's", "Emina", "Viva"),
        ("Isi 5", "50ml", "100g"),
        (8000, 120000),
    ),
    Leaf(
        ("Baby & Kids", "Diapers"),
        0.4,
        ("Popok Bayi Celana", "Popok Perekat", "Tisu Basah Bayi"),
        ("MamyPoko", "Sweety", "Merries", "Pampers", "Baby Happy"),
        ("Isi 50", "S 30", "M 28", "L 26", "XL 24"),
        (15000, 250000),
    ),
    Leaf(
        ("Baby & Kids", "Baby Food"),
        0.4,
        ("Bubur Bayi Beras Merah", "Susu Formula", "Biskuit Bayi", "Bubur Bayi Pisang"),
        ("SUN", "Promina", "Milna", "Dancow", "SGM", "Bebelac"),
        ("120g", "400g", "800g"),
        (8000, 250000),
        lots=True,
    ),
    Leaf(
        ("Stationery",),
        0.4,
        ("Buku Tulis", "Pulpen", "Pensil 2B", "Penghapus", "Lakban Bening", "Kertas HVS"),
        ("Sinar Dunia", "Standard", "Faber-Castell", "Joyko", "Kenko", "Paperline"),
        ("1 pcs", "Isi 10", "Isi 12", "A4 70g"),
        (2000, 65000),
    ),
    Leaf(("Services",), 0.0, (), (), (), (2000, 50000)),
)

# Hand-written products: odd names for parsers, bulk goods in kg, consumables, services.
# name, leaf path, kind, list price, uom, sales tax, popularity boost, brand
SPECIALS = [
    (
        "Kopi Susu Gula Aren ☕",
        ("Beverages", "Coffee & Tea"),
        STORABLE,
        18000,
        UOM_UNITS,
        TAX_PPN11,
        6.0,
        "Kapal Api",
    ),
    (
        "Teh Botol Sosro — 350ml",
        ("Beverages", "Soft Drinks"),
        STORABLE,
        5000,
        UOM_UNITS,
        TAX_PPN11,
        5.0,
        "Sosro",
    ),
    (
        "Crème Brûlée Cup « Ñam »",
        ("Food", "Bakery"),
        STORABLE,
        22500,
        UOM_UNITS,
        TAX_PPN11,
        0.5,
        None,
    ),
    (
        "Beras Curah Medium",
        ("Food", "Rice & Grains"),
        STORABLE,
        13500,
        UOM_KG,
        TAX_EXEMPT,
        3.0,
        None,
    ),
    ("Gula Pasir Curah", ("Food", "Rice & Grains"), STORABLE, 17500, UOM_KG, TAX_EXEMPT, 2.0, None),
    (
        "Telur Ayam Negeri Curah",
        ("Food", "Dairy & Eggs"),
        STORABLE,
        29000,
        UOM_KG,
        TAX_EXEMPT,
        3.0,
        None,
    ),
    (
        "Minyak Goreng Curah",
        ("Food", "Rice & Grains"),
        STORABLE,
        16000,
        UOM_LITRE,
        TAX_EXEMPT,
        1.5,
        None,
    ),
    (
        "Telur Ayam Negeri (Lusin)",
        ("Food", "Dairy & Eggs"),
        STORABLE,
        26500,
        UOM_DOZENS,
        TAX_EXEMPT,
        1.0,
        None,
    ),
    (
        "Kantong Plastik Belanja",
        ("Household", "Kitchenware"),
        CONSUMABLE,
        2000,
        UOM_UNITS,
        TAX_PPN11,
        4.0,
        None,
    ),
    (
        "Es Batu Kristal 1kg",
        ("Beverages", "Mineral Water"),
        CONSUMABLE,
        5000,
        UOM_UNITS,
        TAX_PPN11,
        0.8,
        None,
    ),
    ("Jasa Antar Lokal", ("Services",), SERVICE, 10000, UOM_UNITS, TAX_PPN11, 0.3, None),
    ("Isi Ulang Pulsa 25K", ("Services",), SERVICE, 26500, UOM_UNITS, TAX_EXEMPT, 0.6, None),
]


def category_rows() -> list[dict]:
    """product.category rows: All > Saleable > groups > leaves, with Odoo's parent_path."""
    rows: list[dict] = []
    index: dict[tuple[str, ...], int] = {}

    def add(path: tuple[str, ...]) -> int:
        if path in index:
            return index[path]
        parent = add(path[:-1]) if len(path) > 1 else None
        cid = len(rows) + 1
        parent_path = (rows[parent - 1]["parent_path"] if parent else "") + f"{cid}/"
        rows.append(
            {
                "id": cid,
                "name": path[-1],
                "complete_name": " / ".join(path),
                "parent_id": parent,
                "parent_path": parent_path,
            }
        )
        index[path] = cid
        return cid

    for leaf in LEAVES:
        add(("All", "Saleable", *leaf.path))
    return rows


@cache
def _category_ids() -> dict[str, int]:
    return {r["complete_name"]: r["id"] for r in category_rows()}


def category_id(path: tuple[str, ...]) -> int:
    return _category_ids()[" / ".join(("All", "Saleable", *path))]


# --- products ---------------------------------------------------------------------------------


@dataclass
class Products:
    """One entry per product (product.template id == product.product id == index + 1)."""

    name: list[str]
    brand: list[str | None]  # manufacturer word, the product.brand when the option is on
    categ_id: np.ndarray
    kind: np.ndarray  # STORABLE / CONSUMABLE / SERVICE
    uom_id: np.ndarray
    list_price: np.ndarray  # IDR, today, tax excluded
    standard_price: np.ndarray  # IDR cost, tax excluded
    sale_tax: np.ndarray  # TAX_PPN11 or TAX_EXEMPT
    popularity: np.ndarray  # POS choice probability, sums to 1
    active: np.ndarray
    archive_day: np.ndarray  # day index from which an archived product no longer sells
    replacement: np.ndarray  # index of the product sold instead after archive_day
    lot_tracked: np.ndarray
    supplier: np.ndarray  # index into Catalogue.suppliers, -1 = never billed
    pack: np.ndarray  # purchase pack size (units)

    @property
    def qty_class(self) -> np.ndarray:
        q = np.full(self.count, QTY_UNITS, dtype=np.int8)
        q[np.isin(self.uom_id, [UOM_KG, UOM_LITRE])] = QTY_BULK
        q[self.uom_id == UOM_DOZENS] = QTY_AT_MOST_TWO
        q[self.kind == SERVICE] = QTY_SINGLE
        return q

    @property
    def count(self) -> int:
        return len(self.name)

    @property
    def ids(self) -> np.ndarray:
        return np.arange(1, self.count + 1, dtype=np.int64)

    def default_codes(self) -> list[str]:
        return [f"NK-{i:05d}" for i in range(1, self.count + 1)]

    def barcodes(self) -> list[str | None]:
        out: list[str | None] = []
        for i in range(1, self.count + 1):
            if self.kind[i - 1] == SERVICE:
                out.append(None)
                continue
            body = f"899{(i * 7919) % 1000:03d}{i:06d}"  # 899 = GS1 Indonesia
            check = (10 - sum(int(c) * (3 if k % 2 else 1) for k, c in enumerate(body)) % 10) % 10
            out.append(body + str(check))
        return out


def _round500(x: np.ndarray) -> np.ndarray:
    return np.maximum(np.round(x / 500.0) * 500.0, 2000.0)


def build_products(rng: np.random.Generator, count: int, n_suppliers: int, days: int) -> Products:
    n_gen = count - len(SPECIALS)
    leaves = [lf for lf in LEAVES if lf.weight > 0]
    weights = np.array([lf.weight for lf in leaves])
    leaf_of = rng.choice(len(leaves), size=n_gen, p=weights / weights.sum())
    names: list[str] = []
    brands: list[str | None] = []
    paths: list[tuple[str, ...]] = []
    kinds: list[int] = []
    uoms: list[int] = []
    prices: list[float] = []
    taxes: list[int] = []
    boosts: list[float] = []
    lots: list[bool] = []
    seen = {s[0] for s in SPECIALS}
    for li in leaf_of:
        leaf = leaves[li]
        for _attempt in range(50):
            b = leaf.brands[rng.integers(len(leaf.brands))]
            base = leaf.bases[rng.integers(len(leaf.bases))]
            si = int(rng.integers(len(leaf.sizes)))
            name = f"{b} {base} {leaf.sizes[si]}"
            if name not in seen:
                break
        else:  # the leaf's combinations are used up: number the variant
            name = f"{name} #{len(names)}"
        seen.add(name)
        lo, hi = leaf.price
        u = (si + rng.random()) / len(leaf.sizes)
        names.append(name)
        brands.append(b)
        paths.append(leaf.path)
        kinds.append(STORABLE)
        uoms.append(UOM_UNITS)
        prices.append(lo * (hi / lo) ** u)
        taxes.append(TAX_EXEMPT if leaf.exempt or rng.random() < 0.03 else TAX_PPN11)
        boosts.append(1.0)
        lots.append(bool(leaf.lots and rng.random() < 0.5))
    # the specials go first so that their ids are small and stable across scales
    for name, path, kind, price, uom, tax, boost, brand in reversed(SPECIALS):
        names.insert(0, name)
        brands.insert(0, brand)
        paths.insert(0, path)
        kinds.insert(0, kind)
        uoms.insert(0, uom)
        prices.insert(0, float(price))
        taxes.insert(0, tax)
        boosts.insert(0, boost)
        lots.insert(0, False)
    n = len(names)
    kind = np.array(kinds, dtype=np.int8)
    list_price = np.array(prices)
    generated = np.arange(n) >= len(SPECIALS)
    list_price = np.where(generated, _round500(list_price), list_price)
    standard_price = np.round(list_price * rng.uniform(0.62, 0.84, n), 2)
    standard_price[kind == SERVICE] = np.round(list_price[kind == SERVICE] * 0.3, 2)

    # Zipf-like popularity over a random ranking, specials boosted
    rank = rng.permutation(n)
    pop = 1.0 / (rank + 1.5) ** 1.05 * np.array(boosts)
    pop /= pop.sum()

    # ~5% of the ordinary products are archived part-way through the history
    active = np.ones(n, dtype=bool)
    archived = generated & (rng.random(n) < 0.05)
    active[archived] = False
    archive_day = np.full(n, np.iinfo(np.int32).max, dtype=np.int64)
    archive_day[archived] = rng.integers(
        int(days * 0.3), max(days, int(days * 0.3) + 1), archived.sum()
    )
    goods = np.flatnonzero(active & (kind == STORABLE))
    replacement = np.arange(n)
    replacement[archived] = goods[rng.integers(0, len(goods), archived.sum())]

    categ_id = np.array([category_id(p) for p in paths], dtype=np.int64)
    leaf_index = {lf.path: i for i, lf in enumerate(LEAVES)}
    # each leaf is bought from one to a few suppliers; ~7% of goods never see a vendor bill
    supplier = np.empty(n, dtype=np.int64)
    for i, p in enumerate(paths):
        li = leaf_index[p]
        options = [li % n_suppliers, *range(li, n_suppliers, len(LEAVES))]
        supplier[i] = options[int(rng.integers(len(options)))]
    supplier[(kind == SERVICE) | (generated & (rng.random(n) < 0.07))] = -1
    pack = np.where(list_price < 8000, 24, np.where(list_price < 30000, 12, 6))
    pack[np.isin(np.array(uoms), [UOM_KG, UOM_DOZENS])] = 10
    return Products(
        name=names,
        brand=brands,
        categ_id=categ_id,
        kind=kind,
        uom_id=np.array(uoms, dtype=np.int64),
        list_price=list_price,
        standard_price=standard_price,
        sale_tax=np.array(taxes, dtype=np.int64),
        popularity=pop,
        active=active,
        archive_day=archive_day,
        replacement=replacement,
        lot_tracked=np.array(lots, dtype=bool),
        supplier=supplier,
        pack=pack,
    )


def brand_names(products: Products, count: int = 15) -> list[str]:
    """The product.brand rows: the most common manufacturers, most common first."""
    tally: dict[str, int] = {}
    for b in products.brand:
        if b:
            tally[b] = tally.get(b, 0) + 1
    return sorted(tally, key=lambda b: (-tally[b], b))[:count]


# --- partners ---------------------------------------------------------------------------------

_WORDS = (
    "Sumber",
    "Maju",
    "Jaya",
    "Makmur",
    "Abadi",
    "Sentosa",
    "Berkah",
    "Rejeki",
    "Mulia",
    "Sejahtera",
    "Indah",
    "Baru",
    "Lancar",
    "Karya",
    "Mitra",
    "Harapan",
    "Cahaya",
    "Bintang",
    "Sinar",
    "Utama",
    "Mandiri",
    "Gemilang",
    "Nusantara",
    "Citra",
)
_CUSTOMER_KINDS = ("PT", "CV", "UD", "Toko", "Warung", "Koperasi", "Kantin", "Kafe", "Rumah Makan")
_SUPPLIER_SUFFIX = ("Distribusi", "Niaga", "Trading", "Logistik", "Pangan", "Grosir")
_CITIES = (
    "Jakarta Selatan",
    "Jakarta Barat",
    "Jakarta Timur",
    "Tangerang",
    "Bekasi",
    "Depok",
    "Bogor",
    "Denpasar",
)
_FIRST = (
    "Agus",
    "Bambang",
    "Dian",
    "Fitri",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lina",
    "Made",
    "Nur",
    "Putu",
    "Rudi",
    "Sari",
    "Taufik",
    "Wayan",
    "Yanti",
)


def _unique_names(rng: np.random.Generator, count: int, make) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        name = make()
        if name in seen:
            name = f"{name} {len(out) + 1}"
        seen.add(name)
        out.append(name)
    return out


def customer_names(rng: np.random.Generator, count: int) -> list[str]:
    def make() -> str:
        kind = _CUSTOMER_KINDS[rng.integers(len(_CUSTOMER_KINDS))]
        a, b = rng.choice(len(_WORDS), 2, replace=False)
        return f"{kind} {_WORDS[a]} {_WORDS[b]}"

    names = _unique_names(rng, count, make)
    names[min(3, count - 1)] = "Ñandú Café"
    names[min(7, count - 1)] = "Warung Kopi “Mbak Sri”"
    return names


def supplier_names(rng: np.random.Generator, count: int) -> list[str]:
    def make() -> str:
        a, b = rng.choice(len(_WORDS), 2, replace=False)
        suffix = _SUPPLIER_SUFFIX[rng.integers(len(_SUPPLIER_SUFFIX))]
        return f"{'PT' if rng.random() < 0.7 else 'CV'} {_WORDS[a]} {_WORDS[b]} {suffix}"

    return _unique_names(rng, count, make)


def npwp(rng: np.random.Generator) -> str:
    d = rng.integers(0, 10, 15)
    s = "".join(map(str, d))
    return f"{s[0:2]}.{s[2:5]}.{s[5:8]}.{s[8]}-{s[9:12]}.{s[12:15]}"


def phone(rng: np.random.Generator) -> str:
    return f"+62 8{rng.integers(11, 99)}-{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}"


def slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum()) or "kontak"


def contact_name(rng: np.random.Generator) -> str:
    return f"{_FIRST[rng.integers(len(_FIRST))]} {_WORDS[rng.integers(len(_WORDS))]}"


def city(rng: np.random.Generator, bali: bool = False) -> str:
    return "Denpasar" if bali else _CITIES[rng.integers(len(_CITIES) - 1)]
