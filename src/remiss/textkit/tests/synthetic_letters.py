"""Synthetic answers to consultations, written for the tests (not taken from any real answer).

Each entry: name -> (expected stance, text). The names say what the letter exercises. They are
used to check that the stance rules generalise beyond the development corpus. The first group
(up to "hedged_oppose") was written while the rules were made; the second (up to
"tjanste_negative") was written afterwards and first run as unseen letters (14 of 20 right; the
six misses led to general lexicon additions: "är emot", "inte bör genomföras", "inte beröra",
"ser gärna att", decision formulas that adopt an office's answer, numbered headings); the third
group was written after that and was right at its first run (15 of 15); the fourth ("b4_")
was 9 of 10 at its first run (a body out of scope that also declines to answer was read as
"avstår"; the reason, "berörs inte", now wins).
"""

LETTERS: dict[str, tuple[str, str]] = {
    "plain_support": (
        "tillstyrker",
        (
            "YTTRANDE\n"
            "2024-03-01\n"
            "Dnr KS 2024/112\n"
            "\n"
            "Förslag till regional cykelstrategi\n"
            "\n"
            "Sigtuna kommun har tagit del av förslaget och tillstyrker det i sin helhet.\n"
            "\n"
            "Anna Lind\n"
            "Kommunstyrelsens ordförande\n"
        ),
    ),
    "support_with_requests": (
        "tillstyrker_med_synpunkter",
        (
            "Remissvar – Regional vattenförsörjningsplan\n"
            "\n"
            "Länsstyrelsen ställer sig positiv till förslaget till regional "
            "vattenförsörjningsplan.\n"
            "\n"
            "Länsstyrelsen saknar dock en analys av hur klimatförändringarna "
            "påverkar grundvattennivåerna. Planen bör kompletteras med en sådan "
            "analys innan den antas.\n"
            "\n"
            "Vidare efterfrågar Länsstyrelsen en tydligare ansvarsfördelning "
            "mellan kommunerna och regionen.\n"
        ),
    ),
    "negated_support": (
        "avstyrker",
        (
            "Yttrande över promemorian Ändrade regler för färdtjänst\n"
            "\n"
            "Kommunen kan inte tillstyrka förslaget. De ekonomiska konsekvenserna "
            "för kommunerna är inte utredda och förslaget skulle leda till "
            "kraftigt ökade kostnader.\n"
            "\n"
            "Kommunen anser att frågan bör utredas vidare.\n"
        ),
    ),
    "formal_no": (
        "avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Naturskyddsföreningen avstyrker förslaget om förenklad prövning av "
            "vindkraft i skyddade områden. Förslaget riskerar att försvaga skyddet "
            "för arter och livsmiljöer.\n"
        ),
    ),
    "reject_by_waiting": (
        "avstyrker",
        (
            "Svar på remiss om ny taxa för tillsyn\n"
            "\n"
            "Miljönämnden anser att beslut om den nya taxan bör avvakta till dess "
            "att den nationella utredningen om tillsynsavgifter är klar. Förslaget "
            "i sin nuvarande form kan därför inte läggas till grund för beslut.\n"
        ),
    ),
    "hedged_support": (
        "tillstyrker_med_synpunkter",
        (
            "Remissyttrande\n"
            "\n"
            "Region Gävleborg tillstyrker i huvudsak förslaget till nationell plan "
            "för transportinfrastrukturen.\n"
        ),
    ),
    "conditional_support": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande över förslag till ny hjälpmedelspolicy\n"
            "\n"
            "Hälso- och sjukvårdsnämnden tillstyrker förslaget under förutsättning "
            "att kommunerna ges ersättning för de ökade kostnaderna.\n"
        ),
    ),
    "partial_rejection": (
        "delvis_avstyrker",
        (
            "Yttrande över betänkandet En ny skollag för fristående skolor\n"
            "\n"
            "Friskolornas riksförbund tillstyrker förslagen i kapitel 4 och 5 men "
            "avstyrker förslaget om vinstbegränsning i kapitel 7.\n"
        ),
    ),
    "except_for": (
        "delvis_avstyrker",
        (
            "Remissvar\n"
            "\n"
            "Trafikverket tillstyrker förslaget med undantag för förslaget om "
            "sänkta hastighetsgränser på landsbygdsvägar, som Trafikverket avstyrker.\n"
        ),
    ),
    "no_comments": (
        "inga_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Datum: 2023-11-02\n"
            "Vår referens: 2023/455\n"
            "\n"
            "Skatteverket har inga synpunkter på förslaget.\n"
            "\n"
            "Beslut i detta ärende har fattats av rättschefen Per Holm efter "
            "föredragning av Eva Sund.\n"
        ),
    ),
    "nothing_to_object": (
        "inga_synpunkter",
        (
            "Remissvar angående förslag till föreskrifter om hygien\n"
            "\n"
            "Folkhälsomyndigheten har inget att erinra mot förslaget.\n"
        ),
    ),
    "abstains": (
        "avstår",
        (
            "Yttrande över promemorian Skärpta krav på kassaregister\n"
            "\n"
            "Domstolsverket avstår från att yttra sig över promemorian.\n"
        ),
    ),
    "not_concerned": (
        "berörs_inte",
        (
            "Svar på remiss\n"
            "\n"
            "Förslaget berör inte Sjöfartsverkets verksamhet och Sjöfartsverket "
            "lämnar därför inga synpunkter.\n"
        ),
    ),
    "no_comments_but": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande över regional utvecklingsstrategi\n"
            "\n"
            "Kommunen har inga synpunkter på strategins övergripande mål. Kommunen "
            "vill dock betona vikten av att kollektivtrafiken till de norra "
            "kommundelarna byggs ut, och anser att strategin bör kompletteras med "
            "en plan för detta.\n"
        ),
    ),
    "endorse_and_add": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande över förslag till regional plan\n"
            "\n"
            "Värmdö kommun ställer sig bakom Storsthlms yttrande över planen.\n"
            "\n"
            "Därutöver vill kommunen lyfta behovet av bättre båtpendling i "
            "skärgården. Kommunen föreslår att regionen utreder fler pendelbåtslinjer.\n"
        ),
    ),
    "cover_note": (
        "oklart",
        (
            "Tjänsteskrivelse\n"
            "2022-05-10\n"
            "Dnr KS 2022/301\n"
            "\n"
            "Kommunstyrelsen\n"
            "\n"
            "Remiss av regional klimatfärdplan\n"
            "\n"
            "Förslag till beslut\n"
            "Kommunstyrelsen överlämnar bifogat yttrande, bilaga 1, som svar på "
            "remissen till Region Örebro län.\n"
            "\n"
            "Sammanfattning\n"
            "Region Örebro län har skickat ut förslag till klimatfärdplan på "
            "remiss till länets kommuner. Förvaltningen har tagit fram ett förslag "
            "till yttrande, se bilaga 1.\n"
            "\n"
            "Beskrivning av ärendet\n"
            "Region Örebro län har tagit fram en klimatfärdplan som ska bidra till "
            "att länet når nettonollutsläpp 2045. Planen innehåller åtgärder inom "
            "transporter, industri och jordbruk. Regionen efterfrågar synpunkter "
            "på åtgärdernas prioritering.\n"
            "\n"
            "Bilagor\n"
            "Bilaga 1. Förslag till yttrande\n"
        ),
    ),
    "tjanste_with_views": (
        "tillstyrker_med_synpunkter",
        (
            "TJÄNSTESKRIVELSE\n"
            "2021-02-01\n"
            "Dnr KS-2021/77\n"
            "\n"
            "Kommunstyrelsen\n"
            "\n"
            "Regional kulturstrategi – svar på remiss\n"
            "\n"
            "Förslag till beslut\n"
            "Kommunstyrelsen antar förvaltningens yttrande som sitt eget och "
            "överlämnar det till Region Uppsala.\n"
            "\n"
            "Sammanfattning\n"
            "Förvaltningen är positiv till förslaget men anser att biblioteken "
            "behöver en tydligare roll.\n"
            "\n"
            "Beskrivning av ärendet\n"
            "Region Uppsala har remitterat ett förslag till kulturstrategi. "
            "Strategin avstyrker inte befintliga satsningar men föreslår att "
            "kulturskolan ska få ett nytt uppdrag. Remissinstanserna ombeds "
            "särskilt kommentera avsnitt 3.\n"
            "\n"
            "Förvaltningens synpunkter\n"
            "Förvaltningen välkomnar att strategin lyfter kulturens betydelse för "
            "folkhälsan. Förvaltningen saknar dock en beskrivning av "
            "folkbibliotekens roll i det regionala kulturarbetet och anser att "
            "avsnitt 3 bör kompletteras med detta.\n"
            "\n"
            "Ekonomiska konsekvenser\n"
            "Beslutet medför inga ekonomiska konsekvenser.\n"
            "\n"
            "Karin Berg\n"
            "Kommundirektör\n"
        ),
    ),
    "description_misleads": (
        "tillstyrker",
        (
            "Tjänsteutlåtande\n"
            "\n"
            "Förslag till beslut\n"
            "Kulturnämnden tillstyrker förslaget till ny biblioteksplan.\n"
            "\n"
            "Bakgrund\n"
            "Regionen har tagit fram en ny biblioteksplan. Flera kommuner har "
            "tidigare avstyrkt liknande förslag och är kritiska till att planen "
            "saknar finansiering.\n"
        ),
    ),
    "critical_without_word": (
        "avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Företagarna motsätter sig förslaget om höjda avgifter för "
            "näringsidkare. Förslaget skulle slå hårt mot små företag på landsbygden.\n"
        ),
    ),
    "doubtful_only": (
        "oklart",
        (
            "Synpunkter på förslag till ny trafikplan\n"
            "\n"
            "Kommunen ifrågasätter om de beräknade resandeökningarna är "
            "realistiska. Kommunen vill också påpeka att underlaget om godstrafik "
            "är ofullständigt.\n"
        ),
    ),
    "welcome_only": (
        "tillstyrker",
        (
            "Yttrande\n"
            "\n"
            "Svenska Turistföreningen välkomnar förslaget till nationell strategi "
            "för friluftslivet.\n"
        ),
    ),
    "support_but_critical": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande över förslag till regional bostadsförsörjningsplan\n"
            "\n"
            "Stockholms stad stödjer planens inriktning. Staden är dock kritisk "
            "till att planen inte tar upp behovet av studentbostäder och anser att "
            "detta måste åtgärdas.\n"
        ),
    ),
    "not_concerned_scope": (
        "berörs_inte",
        (
            "Remissvar\n"
            "\n"
            "Ärendet faller utanför Konsumentverkets ansvarsområde. "
            "Konsumentverket har därför inget att tillföra.\n"
        ),
    ),
    "neither": (
        "oklart",
        (
            "Yttrande\n"
            "\n"
            "Akademien varken tillstyrker eller avstyrker förslaget, men vill "
            "framhålla att forskningens frihet måste värnas.\n"
        ),
    ),
    "bullets_support": (
        "tillstyrker_med_synpunkter",
        (
            "Remissvar\n"
            "\n"
            "Sammanfattning\n"
            "• Regionen ställer sig bakom förslaget till länstransportplan.\n"
            "• Regionen anser att cykelinfrastrukturen bör få en större andel av medlen.\n"
            "• Regionen efterlyser en tydligare koppling till den regionala "
            "utvecklingsstrategin.\n"
        ),
    ),
    "sharp_part": (
        "delvis_avstyrker",
        (
            "Yttrande över tre rapporter om havsplanering\n"
            "\n"
            "Institutet anser att den första rapporten är välskriven och bra. "
            "Institutet anser däremot att de två andra rapporterna är "
            "otillräckliga som beslutsunderlag och att analysen av fiskets "
            "intressen har allvarliga brister.\n"
        ),
    ),
    "hedged_oppose": (
        "delvis_avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Kommunen avstyrker i huvudsak förslaget men är positiv till förslaget "
            "om gemensam upphandling.\n"
        ),
    ),
    "emot": (
        "avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Pensionärernas riksorganisation är emot förslaget att höja "
            "åldersgränsen för färdtjänst. Förslaget drabbar de äldre som redan "
            "har svårast att resa.\n"
        ),
    ),
    "utan_erinran": (
        "inga_synpunkter",
        ("Remissvar\n\nKammarkollegiet lämnar förslaget utan erinran.\n"),
    ),
    "ingen_erinran": (
        "inga_synpunkter",
        (
            "Yttrande över förslag till ändrade föreskrifter\n"
            "\n"
            "Statskontoret har ingen erinran mot förslaget.\n"
            "\n"
            "Generaldirektör Lena Ek har beslutat i detta ärende.\n"
        ),
    ),
    "reservations": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Kommunen tillstyrker förslaget med vissa reservationer som framgår nedan.\n"
            "\n"
            "Kommunen anser att tidplanen är för snäv. Kommunerna behöver mer tid "
            "för att anpassa sina system.\n"
        ),
    ),
    "positive_we": (
        "tillstyrker_med_synpunkter",
        (
            "Svar på remissen om regional handlingsplan för jämställdhet\n"
            "\n"
            "Vi är positiva till handlingsplanen och dess inriktning. Vi ser gärna "
            "att planen kompletteras med mätbara mål för varje insats.\n"
        ),
    ),
    "tillstyrker_inte": (
        "avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Myndigheten tillstyrker inte förslaget om sammanslagning av de två "
            "registren. Riskerna för den personliga integriteten har inte analyserats.\n"
        ),
    ),
    "should_not": (
        "avstyrker",
        (
            "Remissyttrande\n"
            "\n"
            "Länsstyrelsen anser att förslaget inte bör genomföras. Det saknas en "
            "analys av konsekvenserna för naturmiljön.\n"
        ),
    ),
    "godtar": (
        "tillstyrker",
        ("Yttrande\n\nKommunen godtar förslaget till ny indelning av valkretsar.\n"),
    ),
    "only_views_no_position": (
        "oklart",
        (
            "Synpunkter på förslaget till regional trafikförsörjningsplan\n"
            "\n"
            "Kommunen vill särskilt lyfta behovet av tätare turer på linje 520. "
            "Kommunen föreslår också att nattrafiken ses över.\n"
        ),
    ),
    "no_objections_plural": (
        "inga_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Region Kronoberg har tagit del av remissen och har inga invändningar "
            "mot förslagen.\n"
        ),
    ),
    "endorse_only": (
        "tillstyrker",
        (
            "Yttrande över förslag till länsplan\n"
            "\n"
            "Kommunstyrelsen i Lidingö ansluter sig till Storsthlms yttrande över länsplanen.\n"
        ),
    ),
    "cover_protocol": (
        "oklart",
        (
            "PROTOKOLLSUTDRAG\n"
            "Kommunstyrelsen 2021-04-12\n"
            "\n"
            "§ 54 Svar på remiss om regional vattenplan\n"
            "Dnr KS 2021/88\n"
            "\n"
            "Beslut\n"
            "Kommunstyrelsen godkänner förvaltningens tjänsteskrivelse och "
            "överlämnar yttrandet enligt bilaga 2 som kommunens svar till Länsstyrelsen.\n"
            "\n"
            "Expedieras till\n"
            "Länsstyrelsen\n"
        ),
    ),
    "mostly_support_numbered": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande över förslag till regional utvecklingsstrategi\n"
            "\n"
            "Sammanfattning\n"
            "Region Jämtland Härjedalen delar i allt väsentligt strategins analys "
            "och prioriteringar.\n"
            "\n"
            "1. Kompetensförsörjning\n"
            "Regionen anser att avsnittet om kompetensförsörjning behöver "
            "förtydligas när det gäller vuxenutbildningens roll.\n"
            "\n"
            "2. Infrastruktur\n"
            "Regionen saknar en beskrivning av behovet av bredband på landsbygden.\n"
        ),
    ),
    "negative_to": (
        "avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Kommunen är negativ till förslaget om att flytta ansvaret för "
            "hemsjukvården till regionen.\n"
        ),
    ),
    "abstain_lamna": (
        "avstår",
        ("Remissvar\n\nRiksarkivet avstår från att lämna synpunkter på betänkandet.\n"),
    ),
    "no_views_with_thanks": (
        "inga_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Tack för möjligheten att lämna synpunkter. Polismyndigheten har inga "
            "synpunkter på förslaget.\n"
        ),
    ),
    "not_affected": (
        "berörs_inte",
        (
            "Yttrande\n"
            "\n"
            "Förslaget bedöms inte beröra Kustbevakningens verksamhet i någon "
            "nämnvärd omfattning. Kustbevakningen har därför inga synpunkter.\n"
        ),
    ),
    "mixed_partial": (
        "delvis_avstyrker",
        (
            "Remissvar\n"
            "\n"
            "Förbundet tillstyrker förslagen om förenklad rapportering men "
            "avstyrker förslaget att avskaffa det statliga bidraget.\n"
        ),
    ),
    "welcome_ambition_but": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Högskolan välkomnar ambitionen i förslaget, men ifrågasätter om de "
            "föreslagna resurserna räcker.\n"
        ),
    ),
    "tjanste_negative": (
        "avstyrker",
        (
            "Tjänsteskrivelse\n"
            "\n"
            "Förslag till beslut\n"
            "Kommunstyrelsen avstyrker förslaget om gemensam nämnd för överförmyndare.\n"
            "\n"
            "Bakgrund\n"
            "Regionen föreslår en gemensam nämnd. Förslaget tillstyrks av flera "
            "andra kommuner.\n"
            "\n"
            "Förvaltningens synpunkter\n"
            "Förvaltningen bedömer att kommunens egen överförmyndarverksamhet "
            "fungerar väl och att en gemensam nämnd skulle försämra den lokala kännedomen.\n"
        ),
    ),
    "long_tjanste": (
        "tillstyrker_med_synpunkter",
        (
            "Samhällsbyggnadsförvaltningen\n"
            "TJÄNSTESKRIVELSE\n"
            "2023-09-14\n"
            "Dnr SBN 2023/512\n"
            "\n"
            "Samhällsbyggnadsnämnden\n"
            "\n"
            "Yttrande över förslag till regional plan för Skåne 2024–2040\n"
            "\n"
            "Förslag till beslut\n"
            "Samhällsbyggnadsnämnden föreslår kommunstyrelsen att anta "
            "förvaltningens yttrande och överlämna det till Region Skåne.\n"
            "\n"
            "Sammanfattning av ärendet\n"
            "Region Skåne har skickat förslag till regional plan på samråd. Planen "
            "pekar ut strukturbilder för bebyggelse, grönstruktur och transporter. "
            "Förvaltningen är i grunden positiv till planen men vill att regionen "
            "förtydligar hur planen ska användas i den kommunala översiktsplaneringen.\n"
            "\n"
            "Ärendet\n"
            "Regionen har enligt plan- och bygglagen ansvar för regional fysisk "
            "planering i Skåne. Planen ska vara vägledande för kommunernas "
            "översiktsplaner. Regionen avstyrker i planen ny bebyggelse på "
            "högklassig jordbruksmark utanför tätorterna.\n"
            "\n"
            "Förvaltningens synpunkter\n"
            "Förvaltningen ställer sig bakom planens övergripande mål. Det är "
            "positivt att planen tydliggör behovet av att skydda jordbruksmarken.\n"
            "\n"
            "Förvaltningen anser dock att planens kartor behöver redovisas i en "
            "skala som gör dem användbara i översiktsplaneringen. Förvaltningen "
            "efterfrågar också en tydligare beskrivning av hur regionen avser att "
            "följa upp planen.\n"
            "\n"
            "Ekonomiska konsekvenser\n"
            "Förslaget medför inga kostnader för nämnden.\n"
            "\n"
            "Maria Holm\n"
            "Förvaltningschef\n"
            "\n"
            "Beslutet ska skickas till\n"
            "Region Skåne\n"
        ),
    ),
    "flattened_agency": (
        "avstyrker",
        (
            "1 (3) REMISSVAR 2022-04-01 Dnr 2022/88 Ert dnr Fi2022/00123 "
            "Finansdepartementet 103 33 Stockholm Yttrande över promemorian Slopad "
            "skattereduktion för gåvor Ekonomistyrningsverket (ESV) har beretts "
            "tillfälle att yttra sig över promemorian. Sammanfattning ESV "
            "avstyrker förslaget. Enligt ESV:s bedömning är de statsfinansiella "
            "effekterna inte tillräckligt belysta och förslaget riskerar att "
            "minska det civila samhällets finansiering. Skälen för ESV:s "
            "ställningstagande Promemorian redovisar en beräknad "
            "budgetförstärkning men saknar en analys av beteendeeffekter. "
        ),
    ),
    "agency_with_pagebreak": (
        "tillstyrker_med_synpunkter",
        (
            "YTTRANDE\n"
            "2021-06-10\n"
            "Dnr 3.1-2021-1234\n"
            "\n"
            "Infrastrukturdepartementet\n"
            "\n"
            "Remiss av betänkandet Ett moderniserat körkortssystem (SOU 2021:10)\n"
            "\n"
            "Transportstyrelsen tillstyrker i stora drag utredningens förslag. I "
            "det följande lämnas synpunkter på enskilda förslag.\n"
            "\n"
            "5.2 Digitala körkort\n"
            "Transportstyrelsen anser att tidplanen för införandet av digitala "
            "körkort är orealistisk och bör förlängas.\x0c(2)\n"
            "\n"
            "6.1 Avgifter\n"
            "Transportstyrelsen delar inte utredningens bedömning att avgifterna "
            "kan sänkas utan att verksamheten påverkas.\n"
            "\n"
            "I detta ärende har generaldirektören Jonas Bjelfvenstam beslutat. "
            "Föredragande har varit juristen Sara Ek.\n"
        ),
    ),
    "letter_spaced": (
        "tillstyrker",
        (
            "S A M M A N F A T T N I N G\n"
            "\n"
            "Kommunen tillstyrker förslaget till ny renhållningsordning.\n"
            "\n"
            "B A K G R U N D\n"
            "\n"
            "Renhållningsordningen består av avfallsplan och föreskrifter. Flera "
            "kommuner har invänt mot avgiftsnivåerna.\n"
        ),
    ),
    "org_inga_synpunkter_signed": (
        "inga_synpunkter",
        (
            "Kommunstyrelsen\n"
            "Datum 2020-10-01\n"
            "\n"
            "Remiss: Förslag till länsgemensam strategi för psykisk hälsa\n"
            "\n"
            "Nynäshamns kommun har tagit del av förslaget och har inga synpunkter.\n"
            "\n"
            "Med vänlig hälsning\n"
            "\n"
            "Eva Ström\n"
            "Kommunsekreterare\n"
        ),
    ),
    "decline_time": (
        "avstår",
        (
            "Remissvar\n"
            "\n"
            "På grund av den korta svarstiden har Sametinget inte haft möjlighet "
            "att behandla remissen och avstår därför från att lämna yttrande.\n"
        ),
    ),
    "requests_without_position_but_positive_tone": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande över kulturplan för Västra Götaland\n"
            "\n"
            "Föreningen ser positivt på att kulturplanen lyfter fram det fria "
            "kulturlivet. Föreningen föreslår att regionen inför ett fleråriga "
            "verksamhetsstöd för fria grupper.\n"
        ),
    ),
    "ambivalent": (
        "oklart",
        (
            "Kommentarer till förslaget om nya tillsynsavgifter\n"
            "\n"
            "Branschförbundet noterar att avgifterna höjs med i genomsnitt 12 "
            "procent. Förbundet vill understryka vikten av att avgifterna "
            "motsvarar den faktiska tillsynskostnaden och efterfrågar en "
            "redovisning av beräkningsgrunderna.\n"
        ),
    ),
    "strongly_oppose_no_word": (
        "avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Lantbrukarnas riksförbund tar bestämt avstånd från förslaget om en ny "
            "skatt på handelsgödsel. En sådan skatt skulle försämra "
            "konkurrenskraften för svenska lantbrukare.\n"
        ),
    ),
    "not_ready": (
        "avstyrker",
        (
            "Yttrande över förslag till ändrad förordning\n"
            "\n"
            "Myndigheten anser att förslaget inte är tillräckligt berett och kan "
            "inte ställa sig bakom att förordningen ändras i nuläget.\n"
        ),
    ),
    "condition_financing": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Kommunen är positiv till förslaget om utökad skolskjuts, förutsatt "
            "att staten fullt ut finansierar kommunernas merkostnader.\n"
        ),
    ),
    "endorse_skr_only_points": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Region Halland instämmer i Sveriges Kommuner och Regioners yttrande. "
            "Regionen vill därutöver påpeka att förslaget om nya rapporteringskrav "
            "medför en betydande administrativ börda för vårdcentralerna.\n"
        ),
    ),
    "no_view_on_one_part_in_support": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Kommunen tillstyrker förslagen i kapitel 3 och 4. Kommunen har inga "
            "synpunkter på förslagen i kapitel 5. Kommunen anser att förslaget om "
            "digital ansökan bör kompletteras med en möjlighet att ansöka på papper.\n"
        ),
    ),
    "support_whole_clean": (
        "tillstyrker",
        ("Yttrande\n\nRiksantikvarieämbetet ställer sig bakom förslaget i sin helhet.\n"),
    ),
    "berör_inte_short": (
        "berörs_inte",
        ("Yttrande\n\nRemissen berör inte Försvarsmaktens ansvarsområde.\n"),
    ),
    "b4_support_bullets_bra_att": (
        "tillstyrker_med_synpunkter",
        (
            "Remissvar: Regional strategi för livsmedel\n"
            "\n"
            "Sammanfattning\n"
            "LRF Mälardalen är positiva till strategin.\n"
            "• Bra att strategin lyfter fram lokal förädling.\n"
            "• Strategin behöver kompletteras med mål för självförsörjningsgraden.\n"
        ),
    ),
    "b4_agency_no_remarks": (
        "inga_synpunkter",
        (
            "YTTRANDE\n"
            "Datum 2024-02-12\n"
            "Vår beteckning 2024/0315\n"
            "\n"
            "Justitiedepartementet\n"
            "\n"
            "Remiss av promemorian Skärpta regler om vapenförvar\n"
            "\n"
            "Kriminalvården har inga synpunkter på promemorians förslag.\n"
            "\n"
            "Detta yttrande har beslutats av generaldirektören Anna Ek. I den "
            "slutliga handläggningen har även chefsjuristen Per Lund deltagit.\n"
        ),
    ),
    "b4_negative_municipality": (
        "avstyrker",
        (
            "Tjänsteskrivelse\n"
            "\n"
            "Förslag till beslut\n"
            "Kommunstyrelsen lämnar yttrande enligt förvaltningens förslag.\n"
            "\n"
            "Förvaltningens synpunkter\n"
            "Förvaltningen motsätter sig att ansvaret för tillståndsprövningen "
            "flyttas från kommunen. Förvaltningen bedömer att den lokala "
            "kännedomen då går förlorad.\n"
        ),
    ),
    "b4_oklart_questions": (
        "oklart",
        (
            "Kommentar till samrådsförslaget\n"
            "\n"
            "Hur ska planen finansieras? Vem ansvarar för uppföljningen? "
            "Föreningen efterfrågar svar på dessa frågor innan planen antas.\n"
        ),
    ),
    "b4_abstain_formal": (
        "avstår",
        (
            "Svar på remiss\n"
            "\n"
            "Högsta förvaltningsdomstolen avstår från att lämna synpunkter på "
            "förslagen i betänkandet.\n"
        ),
    ),
    "b4_partial_except": (
        "delvis_avstyrker",
        (
            "Yttrande\n"
            "\n"
            "Kommunen tillstyrker förslagen i betänkandet utom förslaget om "
            "avgiftsfri kollektivtrafik för unga, som kommunen avstyrker.\n"
        ),
    ),
    "b4_endorse_plus": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Region Sörmland ställer sig bakom Sveriges Kommuner och Regioners "
            "yttrande. Därutöver vill regionen understryka behovet av statlig "
            "finansiering av de nya uppgifterna.\n"
        ),
    ),
    "b4_stoder_clean": (
        "tillstyrker",
        (
            "Yttrande\n"
            "\n"
            "Barnombudsmannen stöder förslaget att barnkonventionens principer ska "
            "beaktas i all planering.\n"
        ),
    ),
    "b4_not_concerned": (
        "berörs_inte",
        (
            "Remissvar\n"
            "\n"
            "Myndigheten konstaterar att förslagen ligger utanför myndighetens "
            "ansvarsområde och lämnar därför inget yttrande i sak.\n"
        ),
    ),
    "b4_critical_hedge": (
        "tillstyrker_med_synpunkter",
        (
            "Yttrande\n"
            "\n"
            "Länsstyrelsen delar i stort utredningens bedömningar men är kritisk "
            "till att konsekvenserna för länsstyrelsernas tillsyn inte har analyserats.\n"
        ),
    ),
}
