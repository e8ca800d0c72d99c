"""Small word lists for address judgement: regions allowed after a street, commonest streets."""

from __future__ import annotations

# Counties, nations and regions (not their big towns): may follow a street without naming
# another town.
REGIONS: frozenset[str] = frozenset(
    """uk|united kingdom|great britain|gb|england|scotland|wales|cymru|northern ireland|
    avon|bedfordshire|berkshire|buckinghamshire|cambridgeshire|cheshire|cornwall|
    county durham|cumbria|derbyshire|devon|dorset|east sussex|east riding of yorkshire|
    east yorkshire|essex|gloucestershire|south gloucestershire|glos|s glos|south glos|
    greater london|greater manchester|hampshire|hants|herefordshire|hertfordshire|herts|
    isle of wight|kent|lancashire|lancs|leicestershire|leics|lincolnshire|lincs|merseyside|
    norfolk|north yorkshire|northamptonshire|northants|northumberland|nottinghamshire|notts|
    oxfordshire|oxon|rutland|shropshire|somerset|north somerset|bath and north east somerset|
    south yorkshire|staffordshire|staffs|suffolk|surrey|tyne and wear|warwickshire|
    west midlands|west sussex|west yorkshire|wiltshire|wilts|worcestershire|worcs|yorkshire|
    anglesey|gwynedd|conwy|denbighshire|flintshire|powys|ceredigion|pembrokeshire|
    carmarthenshire|neath port talbot|vale of glamorgan|
    rhondda cynon taf|merthyr tydfil|caerphilly|blaenau gwent|torfaen|monmouthshire|
    aberdeenshire|angus|argyll and bute|fife|highland|lothian|midlothian|east lothian|
    west lothian|moray|perth and kinross|scottish borders|ayrshire|dumfries and galloway|
    antrim|armagh|down|fermanagh|tyrone""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

# The commonest UK street names (and the Welsh for the commonest: "Stryd Fawr" is High
# Street): alone they say nothing about where someone lives.
COMMON_STREETS: frozenset[str] = frozenset(
    """high street|station road|main street|park road|church road|church street|london road|
    victoria road|green lane|manor road|church lane|park avenue|the avenue|the crescent|
    queens road|new road|grange road|kings road|kingsway|windsor road|highfield road|mill lane|
    alexander road|york road|st johns road|main road|broadway|king street|the green|
    springfield road|george street|park lane|victoria street|albert road|queensway|new street|
    queen street|west street|north street|manchester road|the drive|richmond road|grove road|
    south street|school lane|the grove|chester road|east street|school road|mill road|
    station approach|market street|market place|high road|the close|church hill|
    stanley road|north road|west end|south road|elm grove|back lane|the street|
    chapel street|chapel lane|bridge street|
    stryd fawr|heol fawr|ffordd yr orsaf|heol yr orsaf|heol yr eglwys|stryd yr eglwys|
    lôn yr eglwys|heol y parc|stryd y bont|heol newydd|ffordd newydd""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
