"""Hand-written pools for the accuracy benchmark: people's names, places, ranks, units, words.

Written for this benchmark only, independently of the detector's own lists (rules/names/), so that
the recall it measures is honest. Every person made from these pools is fictitious.

A surname written "Male|Female" has a form for each sex (Wiśniewski|Wiśniewska, Ó Briain|Ní
Bhriain); the form is chosen to match the forename.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Origin:
    name: str
    weight: int
    surnames: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]


IRISH = Origin(
    "irish", 30,
    surnames=(
        "McLaughlin", "O'Neill", "Murphy", "Kelly", "Doherty", "Quinn", "Gallagher", "McCann",
        "Donnelly", "Devlin", "Maguire", "McKeown", "Brennan", "Lavery", "Mulholland", "McVeigh",
        "Hamill", "Fitzpatrick", "Magee", "McIlroy", "Toner", "Corr", "Rafferty", "McGuigan",
        "Hegarty", "O'Hare", "McGrath", "Cassidy", "Loughran", "Tumelty", "Gribben", "Devenney",
        "McConomy", "Mulgrew", "Quigg", "McCrory", "O'Kane", "McAteer", "Breslin", "McElhinney",
        "Grogan", "Heaney", "Kearney", "Mallon", "McAleese", "Coyle", "Duffy", "Gormley",
        "Keenan", "McSorley", "McGonigle", "Ferris", "Nesbitt", "Heslip", "Coulter", "McClements",
        "Gilmore", "Agnew", "Adair", "Beattie", "Moffett", "Cromie", "Magowan", "Lennon",
        "Trainor", "McCusker", "Treanor", "Sheerin", "Bradley", "D'Arcy", "Mc Cann",
        "Ó Dochartaigh", "Ó Gallchóir", "Mac Giolla Bhríde", "Ó Briain|Ní Bhriain",
        "Mac Aodha|Nic Aodha",
        "Ó Néill|Ní Néill", "Ó Conaill|Ní Chonaill", "Mac Cormaic|Nic Cormaic", "Johnston",
        "Thompson", "Irvine", "Patterson", "Crawford", "Armstrong", "Hanna", "Kernaghan",
        "Lyttle", "Minnis", "Gracey", "McKinstry", "Carleton", "Hutchinson", "Mawhinney",
    ),
    male=(
        "Seán", "Ciarán", "Declan", "Pádraig", "Eoin", "Oisín", "Cathal", "Donal", "Fergal",
        "Colm", "Gerard", "Eamon", "Kieran", "Conor", "Ruairí", "Darragh", "Tadhg", "Cormac",
        "Niall", "Shane", "Brendan", "Dermot", "Sean", "Ciaran", "Paddy", "Trevor", "Sammy",
        "Nigel", "Billy", "Mervyn",
    ),
    female=(
        "Aoife", "Siobhán", "Niamh", "Róisín", "Gráinne", "Caoimhe", "Aisling", "Bronagh",
        "Mairéad", "Orla", "Clodagh", "Sinéad", "Saoirse", "Áine", "Deirdre", "Fionnuala",
        "Bláthnaid", "Úna", "Nuala", "Máire", "Eimear", "Ciara", "Siobhan", "Roisin", "Lorraine",
        "Heather", "Wendy", "Gillian",
    ),
)

SCOTTISH = Origin(
    "scottish", 10,
    surnames=(
        "MacDonald", "Campbell", "Stewart", "Robertson", "Fraser", "Cameron", "MacLeod",
        "Mackenzie", "Sinclair", "Munro", "Ross", "Grant", "Murray", "Ferguson", "Henderson",
        "Buchanan", "Drummond", "Urquhart", "Lamont", "MacKinnon", "Gillespie", "Abernethy",
        "Cruickshank", "Lindsay", "Wallace", "Kirkpatrick", "Fairbairn", "McIntyre", "Ogilvie",
        "Menzies", "Dalziel", "Farquharson", "Strachan", "Baird", "Laidlaw", "MacGregor", "Rennie",
        "Kerr", "Maxwell", "Graham", "Moncrieff", "Auchinleck",
    ),
    male=("Alasdair", "Hamish", "Callum", "Fraser", "Euan", "Angus", "Lachlan", "Ruaridh", "Iain",
          "Murdo", "Gregor", "Ross", "Struan", "Torquil"),
    female=("Morag", "Kirsty", "Eilidh", "Catriona", "Isla", "Shona", "Mhairi", "Ailsa", "Fiona",
            "Iona", "Marsaili", "Seonaid"),
)

WELSH = Origin(
    "welsh", 6,
    surnames=(
        "Jones", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Griffiths",
        "Pritchard", "Llewellyn", "Bowen", "Powell", "Prosser", "Pugh", "Vaughan", "ap Rhys",
        "Gwynne", "Meredith", "Parry", "Bevan", "Cadwaladr", "Lloyd", "Rees", "Howells", "Owen",
        "Hughes-Jones", "Gruffydd", "Llywelyn",
    ),
    male=("Dafydd", "Rhodri", "Gethin", "Iwan", "Aled", "Gareth", "Emyr", "Huw", "Rhys", "Trefor",
          "Owain", "Cai", "Bryn", "Ieuan"),
    female=("Angharad", "Bethan", "Cerys", "Ffion", "Gwenllian", "Megan", "Nia", "Sioned",
            "Rhiannon", "Eleri", "Lowri", "Carys", "Heledd"),
)

ENGLISH = Origin(
    "english", 20,
    surnames=(
        "Smith", "Taylor", "Brown", "Wilson", "Johnson", "White", "Green", "Hall", "Wood",
        "Harris", "Clarke", "Walker", "Wright", "Robinson", "Baker", "Turner", "Hill", "Cooper",
        "Ward", "Bell", "Day", "May", "Rose", "Kent", "Lincoln", "Preston", "Chester", "Moore",
        "Fletcher", "Featherstonehaugh", "Cholmondeley", "Ashworth", "Pennington", "Holroyd",
        "Sidebottom", "Higginbottom", "Winterbottom", "Cartwright", "Blackwood", "Marsh", "Fox",
        "Lamb", "Nightingale", "ffrench", "Smith-Okafor", "Threlfall", "Entwistle", "Pickles",
        "Ramsbottom", "Oldroyd",
    ),
    male=("John", "David", "Mark", "Paul", "James", "Stephen", "Gary", "Darren", "Richard",
          "Michael", "Thomas", "Oliver", "Harry", "George", "Jack", "Peter", "Andrew", "Simon",
          "Christopher", "Daniel", "Robert", "William", "Lee", "Craig", "Neville", "Clive"),
    female=("Emma", "Claire", "Louise", "Rachel", "Laura", "Sarah", "Helen", "Karen", "Joanne",
            "Amy", "Sophie", "Charlotte", "Jessica", "Hannah", "Lucy", "Rebecca", "Victoria",
            "Elizabeth", "Jennifer", "Gemma", "Holly", "Rose", "May", "April", "Hazel", "Ivy"),
)

SOUTH_ASIAN = Origin(
    "south_asian", 10,
    surnames=(
        "Begum", "Hussain", "Kaur", "Singh", "Patel", "Khan", "Ahmed", "Akhtar", "Ali", "Bibi",
        "Chaudhry", "Iqbal", "Mahmood", "Rahman", "Sharma", "Gill", "Sandhu", "Dhillon", "Bains",
        "Gupta", "Mistry", "Chauhan", "Choudhury", "Uddin", "Miah", "Islam", "Rashid",
        "Siddiqui", "Qureshi", "Nair", "Pillai", "Ramasamy", "Thakkar", "Bhatt", "Virdee",
        "Johal", "Sahota", "Parmar", "Ghosh", "Banerjee",
    ),
    male=("Mohammed", "Muhammad", "Imran", "Tariq", "Asif", "Rajesh", "Sanjay", "Gurpreet",
          "Harjit", "Amandeep", "Kamran", "Arjun", "Vikram", "Zubair", "Faisal", "Shahid",
          "Anwar", "Nadeem", "Jaswinder", "Ravi"),
    female=("Fatima", "Ayesha", "Nasreen", "Shabana", "Harpreet", "Manpreet", "Priya", "Sunita",
            "Anjali", "Rukhsana", "Shazia", "Parveen", "Simran", "Noor", "Zainab", "Kiran",
            "Amrit", "Deepa"),
)

CENTRAL_EUROPEAN = Origin(
    "central_european", 8,
    surnames=(
        "Wiśniewski|Wiśniewska", "Kowalski|Kowalska", "Nowak", "Wójcik", "Kamiński|Kamińska",
        "Lewandowski|Lewandowska", "Zieliński|Zielińska", "Szymański|Szymańska", "Woźniak",
        "Dąbrowski|Dąbrowska", "Kozłowski|Kozłowska", "Jankowski|Jankowska", "Mazur",
        "Krawczyk", "Grabowski|Grabowska", "Pawłowski|Pawłowska", "Michalski|Michalska",
        "Szczepański|Szczepańska", "Wróbel", "Kaczmarek", "Brzęczyszczykiewicz",
        "Kazlauskas|Kazlauskienė", "Petrauskas|Petrauskienė", "Jankauskas|Jankauskienė",
        "Popescu", "Ionescu", "Dumitru", "Constantinescu", "Bērziņš|Bērziņa", "Horváth",
        "Novák|Nováková", "Dimitrov|Dimitrova", "Ivanov|Ivanova", "Dvořák|Dvořáková", "Nagy",
        "Kovács", "Szabó", "Wisniewski|Wisniewska",
    ),
    male=("Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Łukasz", "Grzegorz", "Andrzej",
          "Marcin", "Wojciech", "Jakub", "Mateusz", "Tomas", "Mindaugas", "Andrius", "Ionuț",
          "Andrei", "Florin", "Bogdan", "Jānis", "Dmitri", "Zoltán"),
    female=("Agnieszka", "Małgorzata", "Katarzyna", "Joanna", "Magdalena", "Zofia", "Ewa",
            "Dorota", "Aleksandra", "Justyna", "Monika", "Ioana", "Elena", "Rūta", "Jurgita",
            "Alina", "Ilze", "Petra"),
)

WEST_AFRICAN = Origin(
    "west_african", 6,
    surnames=(
        "Okafor", "Mensah", "Adeyemi", "Okonkwo", "Nwachukwu", "Oyelaran", "Oyelowo", "Boateng",
        "Asante", "Owusu", "Appiah", "Ogunleye", "Adebayo", "Olawale", "Eze", "Obi", "Chukwu",
        "Danso", "Ofori", "Acheampong", "Bello", "Abubakar", "Diallo", "Sesay", "Kamara",
        "Conteh", "Jalloh", "Fofanah", "Ndiaye", "Nwosu", "Adekunle", "Oduya",
    ),
    male=("Chukwuemeka", "Oluwaseun", "Kwame", "Kofi", "Kwabena", "Emeka", "Babajide", "Tunde",
          "Obinna", "Yaw", "Kojo", "Ibrahima", "Mamadou", "Abdoulaye", "Femi"),
    female=("Adaeze", "Chiamaka", "Ngozi", "Folake", "Abena", "Akosua", "Efua", "Yetunde",
            "Funmilayo", "Ama", "Aminata", "Fatoumata", "Blessing", "Precious", "Chidinma"),
)

CHINESE = Origin(
    "chinese", 4,
    surnames=("Zhang", "Liu", "Wang", "Li", "Chen", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
              "Ma", "Lin", "Cheung", "Wong", "Chan", "Leung", "Ng", "Tang", "Lau", "Yip", "Kwok"),
    male=("Wei", "Jun", "Hao", "Ming", "Jian", "Lei", "Yong", "Zhiwei", "Ka-Wai", "Chi-Keung"),
    female=("Mei", "Xiaoling", "Jing", "Li Na", "Yan", "Hui", "Ying", "Siu-Ling", "Wing-Yan",
            "Xinyi"),
)

VIETNAMESE = Origin(
    "vietnamese", 2,
    surnames=("Nguyen", "Nguyễn", "Tran", "Trần", "Le", "Lê", "Pham", "Phạm", "Hoang", "Huynh",
              "Vo", "Đặng", "Bui", "Đỗ", "Dang", "Truong", "Trương"),
    male=("Minh", "Tuấn", "Duc", "Hùng", "Quang", "Thanh", "Van An", "Long", "Bao", "Khoa"),
    female=("Lan", "Hương", "Thi Mai", "Linh", "Ngoc", "Thảo", "Trang", "Anh", "Phương", "Hoa"),
)

OTHER = Origin(
    "other", 4,
    surnames=(
        "Al-Hassan", "Abdullah", "Mohamed", "Farah", "Abdi", "Warsame", "Osman", "Haddad",
        "Nasser", "El-Sayed", "Yılmaz", "Demir", "Kaya", "Şahin", "Öztürk", "Çelik",
        "Papadopoulos", "Georgiou", "Christodoulou", "Esposito", "Russo", "Romano", "Ferrari",
        "Bianchi", "da Silva", "Santos", "Ferreira", "de Souza", "Oliveira", "van der Merwe",
        "Reyes", "dela Cruz", "Bautista", "García", "Fernández", "López", "Cohen", "Levy",
        "Mwangi", "Ochieng",
    ),
    male=("Omar", "Yusuf", "Abdirahman", "Mehmet", "Mustafa", "Giorgos", "Nikolaos", "Giuseppe",
          "Marco", "João", "Tiago", "Carlos", "Miguel", "José", "Levi", "Hamza"),
    female=("Amina", "Hodan", "Leila", "Yasmin", "Elif", "Zeynep", "Eleni", "Maria", "Giulia",
            "Francesca", "Ana", "Beatriz", "Marisol", "Rivka", "Maryam", "Wanjiru"),
)

ORIGINS: tuple[Origin, ...] = (IRISH, SCOTTISH, WELSH, ENGLISH, SOUTH_ASIAN, CENTRAL_EUROPEAN,
                               WEST_AFRICAN, CHINESE, VIETNAMESE, OTHER)

TITLES_MALE = ("Mr", "Mr", "Mr", "Dr")
TITLES_FEMALE = ("Mrs", "Ms", "Miss", "Mrs", "Dr")

# --- police ------------------------------------------------------------------------------------
#: rank -> (weight, abbreviations)
RANKS: dict[str, tuple[int, tuple[str, ...]]] = {
    "Constable": (60, ("PC", "Con", "Const")),
    "Sergeant": (15, ("Sgt", "PS", "Sergt")),
    "Inspector": (6, ("Insp", "Inspr")),
    "Chief Inspector": (2, ("CI", "C/Insp", "Ch Insp")),
    "Superintendent": (1, ("Supt",)),
    "Chief Superintendent": (1, ("C/Supt", "Ch Supt")),
    "Detective Constable": (10, ("DC", "Det Con")),
    "Detective Sergeant": (4, ("DS", "Det Sgt")),
    "Detective Inspector": (2, ("DI", "Det Insp")),
    "Detective Chief Inspector": (1, ("DCI",)),
    "Student Officer": (3, ("SO", "Student Off")),
    "Reserve Constable": (2, ("RC", "Res Con")),
}
SENIOR_RANKS = ("Assistant Chief Constable", "Deputy Chief Constable", "Chief Constable",
                "Commander", "Detective Superintendent")
#: rank abbreviations used before a name in text ("PC 1234 McLaughlin", "DS Kelly")
NAME_PREFIX_RANKS = ("PC", "PC", "PC", "Sgt", "PS", "DC", "DS", "DI", "Insp", "DCI", "Supt",
                     "Con", "Det Sgt", "C/Insp")
STAFF_GRADES = ("Administrative Assistant", "Administrative Officer", "Executive Officer II",
                "Executive Officer I", "Staff Officer", "Deputy Principal", "Principal Officer",
                "AA", "AO", "EO2", "EO1", "SO", "DP", "Band C", "Band D", "Grade 5", "Scale 4",
                "PCSO", "Detention Officer", "Call Handler")
OFFICER_UNITS = (
    "Response", "Neighbourhood Policing Team", "CID", "Public Protection Branch",
    "Roads Policing", "Tactical Support Group", "District Support Team", "Intelligence Branch",
    "Crime Operations", "Legacy Investigation Branch", "Close Protection Unit",
    "Armed Response Unit", "Dog Section", "Air Support Unit", "Custody", "Criminal Justice",
    "Professional Standards", "C2 Organised Crime", "C3 Intelligence", "Serious Crime Branch",
    "Harbour Police", "Operational Support", "Local Policing Team", "Resolution Centre",
    "Economic Crime Unit", "Cyber Crime Centre", "Child Internet Protection Team",
    "Major Investigation Team", "Specialist Operations", "Firearms Licensing",
)
STAFF_UNITS = ("Contact Management", "HR Services", "Finance", "Estate Services",
               "Records Management", "Information Services", "Fleet Services", "Corporate Policy",
               "Legal Services", "Media and Public Relations", "Forensic Services", "Payroll",
               "Occupational Health", "Vetting Unit", "Procurement")
STATIONS = (
    "Musgrave Street", "Lisburn Road", "Strand Road", "Antrim Road", "Knock", "Lurgan",
    "Banbridge", "Newry", "Omagh", "Enniskillen", "Coleraine", "Ballymena", "Antrim",
    "Dungannon", "Armagh", "Bangor", "Newtownards", "Downpatrick", "Lisburn", "Strabane",
    "Woodbourne", "Grosvenor Road", "Tennent Street", "Lurgan Road", "Limavady", "Magherafelt",
    "Cookstown", "Larne", "Carrickfergus", "Ballymoney", "Portadown", "Craigavon", "Strandtown",
    "Dunmurry", "Castlereagh", "Ladas Drive",
)
VETTING_LEVELS = ("NPPV1", "NPPV 2", "NPPV3", "NPPV Level 2 (Full)", "NPPV 2 (Abbreviated)",
                  "RV", "CTC", "SC", "DV", "MV", "Recruitment Vetting", "Management Vetting",
                  "NPPV Level 3", "Security Check (SC)")

# --- places, roads and addresses ---------------------------------------------------------------
#: town -> postcode area/districts (for full addresses of fictitious people)
TOWNS: dict[str, tuple[str, ...]] = {
    "Belfast": ("BT1", "BT5", "BT6", "BT7", "BT9", "BT11", "BT12", "BT13", "BT14", "BT15"),
    "Derry": ("BT47", "BT48"), "Newry": ("BT34", "BT35"), "Omagh": ("BT78", "BT79"),
    "Lisburn": ("BT27", "BT28"), "Armagh": ("BT60", "BT61"), "Coleraine": ("BT51", "BT52"),
    "Enniskillen": ("BT74",), "Ballymena": ("BT42", "BT43"), "Lurgan": ("BT66", "BT67"),
    "Manchester": ("M1", "M8", "M13", "M14", "M20"), "Leeds": ("LS6", "LS8", "LS11"),
    "Cardiff": ("CF10", "CF11", "CF24"), "Glasgow": ("G2", "G31", "G42", "G51"),
    "Edinburgh": ("EH1", "EH6", "EH11"), "Birmingham": ("B6", "B10", "B15", "B21"),
    "London": ("E1", "E17", "N15", "SE15", "SW9", "NW10", "W12"), "Swansea": ("SA1", "SA6"),
    "Bradford": ("BD3", "BD8"), "Leicester": ("LE2", "LE4"), "Preston": ("PR1", "PR2"),
}
STREET_STEMS = ("Glen", "Ormeau", "Main", "Church", "Springfield", "Castle", "Mill", "Orchard",
                "Chapel", "Station", "Falls", "Shankill", "Antrim", "Lisburn", "Cregagh", "Oldpark",
                "Victoria", "Albert", "Queen's", "King", "High", "Bridge", "Market", "Park",
                "Meadow", "Willow", "Ash", "Beech", "Hawthorn", "Riverside", "Cavehill",
                "Ballysillan", "Donegall", "Ravenhill", "Crumlin", "Stranmillis", "Malone",
                "Woodstock", "Newtownards", "Bloomfield", "Tullygally", "Drumbeg", "Carnmoney")
STREET_TYPES = ("Road", "Street", "Avenue", "Park", "Gardens", "Drive", "Crescent", "Lane",
                "Close", "Way", "Terrace", "Court", "Grove", "Place", "Hill", "View")
HOUSE_NAMES = ("The Cottage", "Rose Cottage", "The Old Rectory", "Ivy House", "Glenview",
               "Hillcrest", "Tigh na Mara", "Bryn Awel", "The Laurels")

#: policing districts/areas that are also surnames or ordinary words
SURNAME_TOWNS = ("Kent", "Lincoln", "Preston", "Chester", "Derby", "Armagh", "Newry", "Bolton",
                 "Burnley", "Crewe", "Darlington", "Durham", "Hastings", "Kendal", "Lancaster",
                 "March", "Morley", "Newton", "Reading", "Sutton", "Warwick", "Wells",
                 "Wakefield", "York", "Carlisle", "Clifton", "Ashford", "Bradford", "Stafford",
                 "Hamilton", "Livingston", "Dudley", "Bedford", "Buckingham", "Harrow", "Barnet",
                 "Ealing", "Camden", "Bromley", "Brent", "Hillingdon", "Lewisham", "Ely",
                 "Marlow", "Stirling", "Perth", "Kelso", "Huntly", "Selkirk", "Denton")
NI_DISTRICTS = ("Belfast City", "Lisburn & Castlereagh", "Ards & North Down",
                "Newry, Mourne & Down", "Armagh City, Banbridge & Craigavon",
                "Mid Ulster", "Fermanagh & Omagh", "Derry City & Strabane",
                "Causeway Coast & Glens", "Mid & East Antrim", "Antrim & Newtownabbey")
ROADS = ("A1 Belfast Road", "A6 Glenshane Road", "M1 J7-J8", "M2 Foreshore", "A2 Shore Road",
         "Ormeau Road", "Westlink", "A5 Omagh Road", "A4 Dungannon bypass", "Sydenham bypass",
         "A26 Frosses Road", "A29 Moneymore Road", "Lisburn Road", "Antrim Road",
         "Upper Newtownards Road", "A8 Larne Road", "A24 Saintfield Road", "A55 Outer Ring")
WARDS = ("Falls", "Shankill", "Ormeau", "Botanic", "Creggan", "Brandywell", "Drumgask",
         "Quoile", "Ballysally", "Ballyhackamore", "Woodvale", "Ardoyne", "Cliftonville",
         "Sion Mills", "Tullycarnet", "Rosetta", "Windsor", "Stranmillis", "Castlemara",
         "Seagoe", "Annagh", "Kilmore", "Bessbrook")
COURTS = ("Laganside", "Craigavon", "Dungannon", "Newry", "Londonderry", "Omagh",
          "Enniskillen", "Coleraine", "Antrim", "Newtownards", "Downpatrick", "Lisburn")

# --- ordinary words that are also names ------------------------------------------------------
COLOURS = ("Black", "Blue", "Brown", "Gold", "Green", "Grey", "Orange", "Pink", "Purple", "Red",
           "Silver", "White", "Yellow", "Beige", "Bronze", "Maroon", "Cream")
PLANTS = ("Rose", "Holly", "Ivy", "Heather", "Daisy", "Hazel", "Iris", "Jasmine", "Lily",
          "Violet", "Poppy", "Willow", "Rowan", "Laurel", "Myrtle", "Fern", "Bryony", "Primrose",
          "Lavender", "Juniper", "Marigold", "Erica", "Veronica", "Camellia")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DOG_NAMES = ("Max", "Bella", "Rex", "Jess", "Sam", "Finn", "Nala", "Kai", "Bruno", "Luna",
             "Ted", "Meg", "Duke", "Rocky", "Poppy", "Sherlock", "Cooper", "Ruby", "Zeus",
             "Molly")
DOG_BREEDS = ("German Shepherd", "Belgian Malinois", "Springer Spaniel", "Cocker Spaniel",
              "Labrador", "Dutch Herder")
OPERATIONS = ("Operation Kenova", "Operation Turnberry", "Operation Yew Tree",
              "Operation Venetic", "Operation Sycamore", "Operation Magnolia",
              "Operation Ashdown", "Operation Holly", "Operation Hawthorn", "Operation Rose",
              "Operation Bell", "Operation Derwent")

# --- organisations, products and offences ------------------------------------------------------
SUPPLIERS = ("Marks & Spencer", "Johnson Matthey", "Sainsbury's", "Halfords", "Morrisons",
             "Boots", "Ryman", "Dixons", "Smiths Detection", "Rolls-Royce", "Hewlett Packard",
             "Dell", "Motorola Solutions", "Airwave", "Ford", "Vauxhall", "Peugeot",
             "Lloyds Bank", "Barclays", "Wilko", "Cooper & Sons Ltd", "Kelly Bros Ltd",
             "McAleer & Rushe", "Henderson Group", "Murphy Oil", "W. H. Smith")
PRODUCTS = ("Body armour", "Handcuffs (rigid)", "Taser X2 cartridge", "Body-worn video camera",
            "Evidence bags (pack of 100)", "Hi-vis jacket", "Pocket notebook", "Torch (LED)",
            "Radio battery", "Breath test kit", "Traffic cone", "First aid kit",
            "Fingerprint powder", "Spit guard", "Stab vest cover", "Printer toner",
            "Laptop (14in)", "Mobile handset", "Diesel (litres)", "Tyres (set of 4)")
OFFENCES = ("Assault", "Burglary", "Criminal damage", "Harassment", "Theft", "Robbery",
            "Domestic abuse", "Drug possession", "Fraud", "Sexual assault", "Public order",
            "Vehicle crime", "Arson", "Stalking", "Malicious communications",
            "Possession of weapon", "Shoplifting", "Common assault")
OUTCOMES = ("Charged", "No further action", "Community resolution", "Cautioned",
            "Under investigation", "Summonsed", "Evidential difficulties", "Not upheld",
            "Upheld", "Local resolution", "Withdrawn", "Referred to PPS")
DEPARTMENTS = ("Local Policing", "Crime Operations", "Operational Support", "Corporate Services",
               "People and Organisational Development", "Legacy and Justice", "Finance",
               "Estates", "ICT", "Fleet", "Training College", "Professional Standards",
               "Chief Constable's Office", "Information and Communication Services")
NATIONALITIES = ("British", "Irish", "Polish", "Romanian", "Lithuanian", "Chinese", "Indian",
                 "Pakistani", "Nigerian", "Portuguese", "Slovak", "Latvian", "Bulgarian",
                 "Syrian", "Somali", "Vietnamese", "Filipino", "Hungarian", "Czech", "Italian")
LANGUAGES = ("Polish", "Mandarin", "Cantonese", "Urdu", "Romanian", "Lithuanian", "Arabic",
             "Portuguese", "Tetum", "Slovak", "Bulgarian", "Irish", "Ulster-Scots",
             "British Sign Language", "Vietnamese", "Somali", "Punjabi", "Bengali", "Tigrinya")
COURSES = ("Public Order Level 2", "Personal Safety Refresher", "Initial Police Learning",
           "Advanced Driving", "Taser Initial", "Taser Refresher", "Tutor Constable",
           "Sergeants' Development", "Inspectors' Development", "Domestic Abuse Matters",
           "Search Officer", "First Aid (Police)", "Custody Officer", "Family Liaison",
           "Trauma Risk Management")
TRAINING_PROVIDERS = ("Police College", "College of Policing", "St John Ambulance",
                      "Ulster University", "Belfast Met", "Red Cross", "Driving School Garnerville")
