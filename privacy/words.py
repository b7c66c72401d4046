"""Word lists the name and address detectors share, all lower case without accents (see `folded`).

They describe the career-guidance conversation, not people: function words, greetings, titles, and the
capitalised words a visitor types that are not names (organisations of the field, diplomas, weekdays,
months, nationalities, big cities). A word missing here only costs precision where no cue phrase
points at a name; a cue always wins.
"""

from __future__ import annotations

from common.text import fold


def folded(word: str) -> str:
    return fold(word.replace("’", "'"))


def word_set(text: str) -> frozenset[str]:
    """The words of `text`, folded."""
    return frozenset(folded(word) for word in text.split())


# Function words and very common verbs of both languages: they end a name that follows a cue.
STOPWORDS = word_set(
    """
    a à au aux avec ce ces cet cette c c' ça ca dans de des du d d' elle elles en et est es était être
    eu il ils j j' je la le les l l' leur lui ma mais me m m' mes moi mon ne n n' ni nous on ou où par
    pas pour qu qu' que qui sa se s s' ses si son sur ta te tes toi ton tu un une vos votre vous y
    suis ai as avons avez ont sont serai serais fais fait faire veux voudrais voudrait cherche cherches
    habite travaille vais vas va viens vient peux peut dois doit merci svp stp aussi ici là encore
    depuis chez vers entre sans sous comme quand alors donc car puis bien très tres plus moins tout
    tous toute toutes rien oui non ok okay salut bonjour bonsoir coucou
    a an and are as at be been but by can could did do does for from had has have he her here hi his
    how i i'm im i'd i've if in into is it its it's me my no not of on or our she so than that the
    their them then there they this to too was we were what when where which who why will with would
    you your yours am also just want wants need needs looking like live lives work works please
    thanks thank hello hey yes yeah ok bye
    """
)

# Words that link the parts of a name ("Charles de Gaulle", "Nguyen Van Long") when a name follows.
NAME_PARTICLES = word_set("de du des van von der den da di del della dos das le la ben bin ibn el al mac mc st saint")

GREETINGS = word_set(
    "bonjour bonsoir salut coucou hello hi hey merci thanks cordialement regards cheers bye dear cher chère"
)

# Titles before a name. The short forms accept a name in lower case after them ("mme durand").
SHORT_TITLES = word_set("mme mlle mr mrs ms dr pr prof")
LONG_TITLES = word_set("madame mademoiselle monsieur docteur professeur maître miss sir lady")

# Words after "je suis" / "I'm" or capitalised at the start of a sentence that are not names.
NATIONALITIES = word_set(
    """
    français française francais francaise belge suisse espagnol espagnole italien italienne portugais
    portugaise anglais anglaise britannique allemand allemande marocain marocaine algérien algérienne
    tunisien tunisienne sénégalais sénégalaise ivoirien ivoirienne malien malienne camerounais
    congolais congolaise turc turque roumain roumaine polonais polonaise ukrainien ukrainienne russe
    syrien syrienne afghan afghane chinois chinoise vietnamien vietnamienne brésilien brésilienne
    européen européenne africain africaine musulman musulmane chrétien chrétienne juif juive
    french belgian swiss spanish italian portuguese english british irish scottish welsh american
    canadian german moroccan algerian tunisian senegalese romanian polish ukrainian russian syrian
    afghan chinese vietnamese brazilian indian pakistani european african muslim christian jewish
    """
)

WEEKDAYS_MONTHS = word_set(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet
    août septembre octobre novembre décembre monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    noël toussaint pâques christmas easter
    """
)

# Job titles, capitalised at the start of a line or in a list ("Infirmier / Infirmière en soins généraux").
JOB_TITLES = word_set(
    """
    agent agente aide-soignant aide-soignante ambulancier ambulancière animateur animatrice architecte artisan assistant
    assistante auxiliaire avocat avocate boucher bouchère boulanger boulangère caissier caissière cariste
    chargé chargée chauffeur chef cheffe coiffeur coiffeuse commercial commerciale comptable
    conducteur conductrice conseiller conseillère consultant consultante cuisinier cuisinière
    développeur développeuse directeur directrice éducateur éducatrice électricien électricienne
    employé employée enseignant enseignante formateur formatrice gestionnaire infirmier infirmière
    ingénieur ingénieure jardinier jardinière journaliste juriste livreur livreuse maçon magasinier
    magasinière manutentionnaire logisticien logisticienne
    manager mécanicien mécanicienne médecin menuisier menuisière opérateur opératrice
    ouvrier ouvrière pâtissier pâtissière peintre pharmacien pharmacienne plombier plombière
    préparateur préparatrice professeur psychologue responsable secrétaire serveur serveuse soudeur
    soudeuse styliste technicien technicienne vendeur vendeuse vétérinaire
    accountant adviser advisor assistant baker carer cashier chef cleaner consultant cook designer
    developer driver electrician engineer manager mechanic nurse plumber receptionist salesperson
    teacher technician trainer waiter waitress welder
    """
)

# Organisations, schemes, diplomas and places that French NER tends to read as people.
NOT_PEOPLE = (
    word_set(
        """
        apec afpa anpe caf cpam cnam cned cio cidj crous urssaf onisep greta cibc epide e2c adie bpi
        bpifrance cci cma cpf vae rsa are smic rncp rome cv lm cdi cdd bts but dut cap bep bac licence
        master doctorat mba bachelor deaes deas dei cqp fimo caces toeic toefl delf dalf tcf ielts bafa
        bnssa gcse btec hnd nvq phd insa sorbonne parcoursup linkedin indeed google facebook instagram
        whatsapp amazon renault decathlon décathlon carrefour leclerc auchan lidl airbus thales
        capgemini adecco manpower randstad keolis ratp sncf edf engie orange unicef openclassrooms
        cité cite métiers metiers centre emploi travail formation atelier ateliers mission pôle pole
        france europe paris lyon marseille toulouse nice nantes montpellier strasbourg bordeaux lille
        rennes reims toulon grenoble dijon angers nîmes villeurbanne clermont limoges tours amiens
        metz besançon perpignan orléans rouen caen nancy argenteuil mulhouse poitiers niort
        saint-étienne genève geneve lausanne bern berne zürich zurich bâle basel bruxelles brussels
        liège liege charleroi namur anvers mons barcelone barcelona madrid valence valencia séville
        milan milano rome roma turin torino naples lisbonne lisboa porto london londres manchester
        dublin edinburgh belgique suisse espagne italie portugal maroc algérie tunisie
        rayon rayons salle espace accueil bureau data job jobs career area
        """
    )
    | JOB_TITLES
    | NATIONALITIES
    | WEEKDAYS_MONTHS
    | GREETINGS
)

# Several-word names of organisations and schemes: a "person" whose text contains one is not a person.
NOT_PEOPLE_PHRASES: tuple[str, ...] = tuple(
    folded(phrase)
    for phrase in (
        "pôle emploi",
        "france travail",
        "mission locale",
        "cap emploi",
        "cité des métiers",
        "mon compte formation",
        "chambre de commerce",
        "chambre des métiers",
        "transitions pro",
        "la poste",
        "le wagon",
        "job centre",
        "service civique",
        "bnp paribas",
        "société générale",
        "crédit agricole",
        "bac pro",
        "titre professionnel",
    )
)

# Common words that end a name typed in lower case after a cue ("je m'appelle marie cherche ...").
NOT_NAME_CONTINUATION = word_set(
    """
    cherche cherchais voudrais veux souhaite souhaiterais aimerais habite travaille suis ai j'ai
    j'habite j'aimerais je et et, from here also too again speaking calling writing looking trying
    working living studying bonjour merci
    """
)

# What can follow "I'm" or "je suis" without being a name.
NOT_NAME_AFTER_I_AM = word_set(
    """
    a an the not so very really just still also currently looking interested unemployed employed
    retired new back here fine ok okay good sorry lost stuck confused tired student teacher nurse
    worried afraid sure unsure ready available free single married divorced pregnant disabled
    homeless late early in on at from with into going trying working living studying calling
    en un une le la très tres pas perdu perdue inscrit inscrite actuellement demandeur demandeuse
    étudiant étudiante salarié salariée au à
    """
)

# Chat shorthand and fillers that follow an introduction without being a name ("jsuis dispo", "im gonna",
# "moi c'est plutôt ...", "i'm chloe btw"): no dictionary lists them.
CHAT_WORDS = word_set(
    """
    jai j'ai jcherche jsuis jveux jpeux jsais jhabite jtravaille jvoudrais jme jte chui chuis btw lol mdr
    ptdr stp svp slt bjr bsr cc coucou pk pcq psk tkt dsl rdv asap dispo plutôt surtout pareil pareille
    ouais wesh bref gonna wanna gotta thx pls plz ya yep nope idk tbh ok okay okk vrmt trop grave
    """
)
