#!/usr/bin/env python3
"""Behavioural test suite (CheckList-style) for `stance`.

Expands templates and hand-written cases into cases.csv (next to this script), which
`stance check` reads. Kept out of training: the corpus tests check that no training sentence
near-copies a case.
Deterministic: no randomness; every choice is a fixed rotation over fixed lists.
Standard library only.

Columns: capability,kind,group,text,expected
  kind mft: the model must give `expected`.
  kind inv: every row of the group must get the same label, and it is `expected`.
  kind dir: the first row of the group is the base (expected = its codebook label);
            each later row has +LABEL / -LABEL: P(LABEL) must rise / fall against the base.

Every expected label follows the codebook (data/README.md, "Labels") for the sentence read alone.
All sentences are written for this suite; all person names in it are invented.
"""
import csv
import os
import sys
from collections import Counter, OrderedDict

P, E, N = "peacekeeping", "enforcement", "neutral"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.csv")

ROWS = []          # dicts: capability, kind, group, text, expected, source
GROUP_SEQ = Counter()


def cap(s):
    return s[:1].upper() + s[1:]


def add_mft(capability, items, source="hand"):
    for text, label in items:
        ROWS.append(dict(capability=capability, kind="mft", group="", text=text,
                         expected=label, source=source))


def new_group(prefix):
    GROUP_SEQ[prefix] += 1
    return f"{prefix}-{GROUP_SEQ[prefix]:03d}"


def add_inv(capability, prefix, label, texts, source):
    gid = new_group(prefix)
    for t in texts:
        ROWS.append(dict(capability=capability, kind="inv", group=gid, text=t,
                         expected=label, source=source))


def add_dir(capability, prefix, base_label, base, variants, source="hand"):
    gid = new_group(prefix)
    ROWS.append(dict(capability=capability, kind="dir", group=gid, text=base,
                     expected=base_label, source=source))
    for t, exp in variants:
        ROWS.append(dict(capability=capability, kind="dir", group=gid, text=t,
                         expected=exp, source=source))


# ---------------------------------------------------------------------------------------------
# MFT: negation
# ---------------------------------------------------------------------------------------------
NEGATION = [
    # coercive tasks rejected for the force -> peacekeeping
    ("The force will not disarm Hamas.", P),
    ("Italy's contingent will never take part in raids on Hezbollah positions.", P),
    ("Disarming the gangs is not a task for Kenyan police officers serving in the mission.", P),
    ("Indonesian troops in the stabilisation force will not be asked to fight Hamas.", P),
    ("It is not the job of UNIFIL to search private homes in south Lebanon for weapons.", P),
    ("Pakistan rules out any role for its soldiers in disarming Hamas.", P),
    ("MONUSCO will not hunt down M23 fighters; its task is to protect the people in the camps.", P),
    ("The force isn't going to storm tunnels or kick down doors in Gaza.", P),
    ("No contingent in the Gaza force will be ordered to seize weapons from Hamas.", P),
    ("Blue helmets in South Sudan will never be used to break up opposition militias.", P),
    ("Brazil refuses to let its soldiers in the Haiti mission conduct raids on gang territory.", P),
    ("KFOR will not be asked to round up armed men in northern Kosovo.", P),
    ("The mission has no mandate to attack al-Shabaab and will confine itself to guarding the airport and the aid routes.", P),
    ("Demilitarising Gaza is not something foreign soldiers should be doing.", P),
    ("Egypt says its troops in the force won't be used against Palestinian factions.", P),
    ("The Irish battalion will not join any offensive against armed groups on the Golan.", P),
    ("MINUSCA troops will not go on the offensive against the armed groups around Bambari.", P),
    ("The reassurance force in Ukraine will never engage Russian troops in combat.", P),
    ("None of the troops sent to Cyprus will be asked to drive anyone out of the buffer zone.", P),
    ("Jordan has ruled out any part for its officers in confiscating Hamas's weapons.", P),
    ("The Ghanaian battalion doesn't conduct cordon-and-search operations in the villages it protects.", P),
    ("Bangladeshi blue helmets refuse to take sides in the fighting between the army and the rebels.", P),
    ("Taking on Hezbollah militarily is not the job of a monitoring mission.", P),
    ("The force will not use its weapons except in self-defence.", P),
    ("Nepalese police officers serving with UNMISS will not be asked to arrest opposition commanders.", P),
    ("Under no circumstances will the force be sent into Gaza's tunnels to destroy them.", P),
    ("The stabilisation force is not there to finish Israel's war against Hamas.", P),
    ("Neither UNIFIL nor any of its contingents will disarm Hezbollah.", P),
    ("The MFO has never been asked to enforce anything in Sinai; it observes and reports.", P),
    ("Hunting gang leaders is not what the Kenyan officers came to Haiti to do, the mission insists.", P),
    # negated consent tasks that land on coercion, and scope limits -> enforcement
    ("The brigade will not wait for the armed groups' consent before it attacks.", E),
    ("The force will not stay neutral, and it will disarm the militias.", E),
    ("The mission will not limit itself to self-defence: it will strike gang leaders before they strike.", E),
    ("The force will no longer ask the factions' permission before searching for weapons caches.", E),
    ("Peacekeepers in Goma won't just watch anymore; they will go after the M23 fighters themselves.", E),
    ("The stabilisation force will not settle for monitoring; it will destroy Hamas's remaining rocket stocks.", E),
    ("Under the new mandate, troops no longer need the armed groups' agreement before taking their weapons.", E),
    ("UN troops in Bunia will not stand aside while the militia regroups; they will attack its camps.", E),
    # negation in a clause that does not concern the force's role
    ("Hamas has not agreed to the plan, and the force will monitor the crossings.", P),
    ("Israel has not yet left the Philadelphi corridor, but international observers will verify the ceasefire along it.", P),
    ("The rains did not stop the convoy, and blue helmets escorted it safely to Bentiu.", P),
    ("Hezbollah did not respond, and UNIFIL continued its joint patrols with the Lebanese army.", P),
    ("The gangs have not laid down their arms, so the mission's troops will take them by force.", E),
    # negation about contributions or timing -> neutral
    ("Turkey will not contribute troops to the force.", N),
    ("The force will not deploy before the Security Council votes on its mandate.", N),
    ("Brazil has ruled out sending troops to Haiti this year.", N),
    ("No date has been set for the first contingent to arrive in Gaza.", N),
]

# ---------------------------------------------------------------------------------------------
# MFT: modals
# ---------------------------------------------------------------------------------------------
MODALS = [
    ("The force must protect displaced families.", P),
    ("Peacekeepers should escort aid convoys into northern Gaza with the agreement of both sides.", P),
    ("The mission will train and support the Palestinian police rather than replace them.", P),
    ("UNIFIL cannot act without the consent of the Lebanese government.", P),
    ("The observers must remain impartial between Israel and Hamas.", P),
    ("The force should open fire only in self-defence.", P),
    ("UN troops in Bangui have to protect the camps for displaced people around the airport.", P),
    ("UNMISS will keep its gates open to civilians fleeing the fighting.", P),
    ("The force ought to stay under UN oversight and report to the Security Council.", P),
    ("The mission needs to win the consent of local communities before it patrols their villages.", P),
    ("Blue helmets cannot be turned into a party to the war.", P),
    ("The Gaza force shall monitor the ceasefire and verify Israel's withdrawal lines.", P),
    ("UNDOF would only patrol the area of separation with the agreement of both Syria and Israel.", P),
    ("Peacekeepers will need to keep the roads to the hospitals open for aid agencies.", P),
    ("The force must disarm the militias.", E),
    ("Peacekeepers should raid the gang strongholds in Port-au-Prince.", E),
    ("The stabilisation force will dismantle Hamas's military infrastructure.", E),
    ("The mission cannot leave the armed groups in control of the mines; it has to drive them out.", E),
    ("UNIFIL must search for and seize Hezbollah weapons south of the Litani.", E),
    ("The UN intervention brigade will neutralise the ADF's commanders around Beni.", E),
    ("AUSSOM troops should go on the offensive against al-Shabaab in Middle Shabelle.", E),
    ("The force has to compel Hamas to hand over its weapons.", E),
    ("The mission ought to use all necessary means against the militias attacking Bunia.", E),
    ("The force cannot wait for the factions' consent before it moves against them.", E),
    ("The mission's troops shall destroy any weapons caches they find, by force if necessary.", E),
    ("The multinational mission will need to retake the gang-held neighbourhoods street by street.", E),
    ("KFOR must break up the armed groups operating in northern Kosovo.", E),
    ("The force would impose order in Gaza City whether the factions agreed or not.", E),
    ("International troops should crack down on the gangs blocking the port.", E),
    ("Contributing states must submit their troop pledges by Friday.", N),
    ("The Security Council will vote on the mandate on Thursday.", N),
    ("The mission's budget should be approved before the end of June.", N),
    ("Indonesia will send up to 20,000 troops, its defence ministry said.", N),
    ("Troop contributors cannot be paid until the General Assembly adopts the budget.", N),
    ("The force commander must be named before the first units can deploy.", N),
    ("Pakistan has to decide by next month whether to join the force.", N),
    ("The first contingent will land in El Arish on Tuesday.", N),
    ("Donors should expect a bill of about 2 billion dollars a year for the mission.", N),
    ("The mission will need at least 40 helicopters, according to planning documents.", N),
    ("Ghana's parliament must approve the deployment before the battalion can leave.", N),
    ("The headquarters would be based in Cairo or Amman.", N),
    ("Italy should announce its contribution at the donor conference in Rome.", N),
    ("Recruits will have to pass a six-week course in Nairobi before they fly to Haiti.", N),
    ("The mandate shall expire on 31 August unless the Council renews it.", N),
]

# ---------------------------------------------------------------------------------------------
# MFT: page clutter (all neutral)
# ---------------------------------------------------------------------------------------------
CLUTTER = [
    "Must Read",
    "By Rania Haddad",
    "By Tomas Lindqvist and Amina Farouk in Beirut",
    "(Pakistan Today)",
    "(Anadolu)",
    "LEAVE A REPLY",
    "Readers must log in to comment.",
    "The writer is a freelance columnist based in Islamabad.",
    "Sign up for our newsletter",
    "Comments are closed.",
    "Share this article on Facebook, X or WhatsApp",
    "Advertisement",
    "Updated: 14 March 2025, 09:41 GMT",
    "Reporting by Rania Haddad; editing by Mark Ellison",
    "Additional reporting by Joseph Mwangi in Nairobi",
    "Copyright 2025 The Beirut Ledger, all rights reserved",
    "The views expressed in this article are the author's own and do not reflect the editorial policy of this newspaper.",
    "Tags: UNIFIL, Lebanon, peacekeeping, Hezbollah",
    "Topics: Gaza, stabilisation force, disarmament, Hamas",
    "Tags: MONUSCO, M23, Goma, Chapter VII, use of force",
    "Related: Who will command the Gaza stabilisation force?",
    "Related: UNIFIL marks 47 years in south Lebanon",
    "Read more: What is MONUSCO and why is it leaving Congo?",
    "Related: Indonesia names a general to lead its Gaza contingent",
    "Most read: Kenyan police in Haiti, one year on",
    "Photo: Indonesian soldiers board a plane at Halim airport in Jakarta on 4 May (Reuters)",
    "Pictured: the UNIFIL headquarters in Naqoura, south Lebanon",
    "Image credit: UN Photo/Elena Varga",
    "File photo of a MONUSCO armoured vehicle parked outside the mission's base in Goma",
    "Watch: our correspondent explains the mandate of the Gaza force in three minutes",
    "Listen to this article, 4 min",
    "You have reached your limit of free articles this month.",
    "Subscribe now for unlimited access to our coverage of the peacekeeping debate",
    "Click here to download our app",
    "Save my name, email and website in this browser for the next time I comment.",
    "This article was first published in Arabic by our sister website.",
    "Opinion",
    "Analysis | Middle East",
    "Breaking News",
    "Follow our live coverage of the Security Council debate on the stabilisation force",
    "Previous article: Cairo talks on the force end without a deal",
    "Next: Haiti mission's funding, explained",
    "The author is a retired colonel who served with UNIFIL and now teaches at a university in Dublin.",
    "Corrections and clarifications: an earlier version of this story misstated the date of the vote.",
]

# ---------------------------------------------------------------------------------------------
# MFT: questions
# ---------------------------------------------------------------------------------------------
QUESTIONS = [
    ("Will the force disarm Hamas?", N),
    ("Who will pay for the stabilisation force?", N),
    ("How many troops will Indonesia send to Gaza?", N),
    ("Is UNIFIL allowed to search private property south of the Litani?", N),
    ("Should the force disarm Hamas or only monitor the ceasefire?", N),
    ("When will the first Kenyan officers arrive in Port-au-Prince?", N),
    ("Will MONUSCO's intervention brigade fight M23 again?", N),
    ("Who will command the force, and from where?", N),
    ("Does the mandate permit the use of force beyond self-defence?", N),
    ("What happens to UNIFIL when its mandate expires?", N),
    ("Would the Gaza force answer to the Security Council or to the Board of Peace?", N),
    ("Is the force there to keep the peace or to enforce it?", N),
    ("Which countries have actually pledged troops?", N),
    ("Will the mission patrol inside the camps or only around them?", N),
    ("Who decides when the force may open fire?", N),
    ("Will AUSSOM have enough money to stay in Somalia past June?", N),
    ("Could the reassurance force in Ukraine be drawn into combat?", N),
    ("How long will KFOR stay in Kosovo?", N),
    ("Will the force be asked to destroy the tunnels under Rafah?", N),
    ('What exactly does "all necessary means" allow MINUSCA to do?', N),
    ("Does Hamas have to agree before the force deploys?", N),
    ("Will Egyptian troops take part in the force?", N),
    ("Who will train the new Palestinian police?", N),
    ("Is the Kenyan-led mission supposed to fight the gangs or to back the Haitian police?", N),
    ("How will the force tell fighters from civilians?", N),
    ("Has the Security Council approved the force's rules of engagement?", N),
    ("Why has Azerbaijan not yet announced a troop contribution?", N),
    ("What role, if any, will the Palestinian Authority play?", N),
    ("Will UNMISS reopen the protection site in Malakal?", N),
    ("Should peacekeepers be allowed to fly armed drones?", N),
    ("Where will the force set up its headquarters?", N),
    ("Will the force collect heavy weapons, and if so, from whom?", N),
    ("Are the rules of engagement offensive or purely defensive?", N),
    ("How much will the force cost each year?", N),
    ("Is the MFO still needed in Sinai?", N),
    ("Will UNDOF return to its positions on the Syrian side of the line?", N),
    ("What will happen if Hezbollah refuses to withdraw north of the Litani?", N),
    # rhetorical questions that clearly land on a side (kept under 20%)
    ("Who, if not a force with a Chapter VII mandate, is going to disarm the gangs of Port-au-Prince?", E),
    ("Why should foreign soldiers fight Hezbollah when their job is to watch the Blue Line?", P),
    ("What use is a force that will not take on al-Shabaab in its strongholds?", E),
    ("Isn't protecting the displaced in Goma the whole reason MONUSCO is there?", P),
    ("Why should the force wait for Hamas's permission before destroying its tunnels?", E),
    ("Since when is it the job of Pakistani soldiers to disarm Palestinians?", P),
]

# ---------------------------------------------------------------------------------------------
# MFT: national armies, police and militias (neutral)
# ---------------------------------------------------------------------------------------------
NATIONAL = [
    "The Israeli army raided Jenin overnight.",
    "Haitian police launched an offensive against the gangs in Cité Soleil.",
    "The Lebanese army deployed south of the Litani.",
    "The Congolese army shelled M23 positions north of Goma on Sunday.",
    "Somali National Army troops retook the town of Adan Yabaal from al-Shabaab.",
    "Israeli troops demolished a tunnel shaft in Rafah, the military said.",
    "Hamas police reappeared on the streets of Gaza City after the ceasefire.",
    "Palestinian Authority security forces arrested a dozen gunmen in Jenin.",
    "The Lebanese army dismantled a rocket launcher it found in an orchard near Tyre.",
    "Sudan's army bombed RSF positions in Omdurman.",
    "The RSF paramilitary besieged El Fasher for more than a year.",
    "South Sudanese soldiers clashed with a local militia in Upper Nile state.",
    "Malian troops pushed into Kidal after the separatists withdrew.",
    "The Haitian National Police escorted fuel trucks out of the Varreux terminal.",
    "Egyptian border guards patrolled their side of the Rafah crossing.",
    "Units of the Libyan National Army seized the oil terminal at Ras Lanuf.",
    "Kosovo police took over the border crossing at Jarinje.",
    "Bosnian Serb police blocked the road to the border for several hours.",
    "The Congolese army escorted displaced families back to Rutshuru.",
    "Somali police set up checkpoints around Mogadishu's airport.",
    "Hezbollah fighters fired anti-tank missiles at an Israeli position.",
    "Gang members attacked the police station in Mirebalais before dawn.",
    "M23 rebels seized the airport at Kavumu.",
    "The Israeli navy intercepted a boat off the Gaza coast.",
    "The Lebanese army took over several Hezbollah positions near the border, a military source said.",
    "The Cypriot National Guard held exercises a few kilometres from the buffer zone.",
    "Nigerian troops killed 30 Boko Haram fighters in Borno state, the army said.",
    "Haitian soldiers guarded the airport as the first commercial flights resumed.",
    "Israeli forces will keep control of the Philadelphi corridor, the defence ministry said.",
    "The Lebanese army plans to recruit 6,000 more soldiers for the south.",
    "A clan militia allied with Fatah clashed with Hamas gunmen in Khan Younis.",
    "The Congolese army and allied Wazalendo fighters battled M23 near Sake.",
    "Haitian police officers freed eleven hostages from a gang compound in Croix-des-Bouquets.",
    "The Israeli army said it had destroyed dozens of tunnels in Khan Younis.",
    "Lebanese soldiers cleared unexploded ordnance from villages near Khiam.",
    "The Sudanese army reopened the road to Kadugli after weeks of fighting.",
    "Malian soldiers escorted a supply convoy to Timbuktu.",
    "Somali special forces raided an al-Shabaab hideout near Kismayo.",
    "The Congolese army declared a curfew in Beni after a night of attacks.",
    "Hamas security men shot dead several alleged collaborators in Gaza City.",
    "The Haitian government asked its own police to retake the national penitentiary.",
    "Syrian government troops withdrew from the town of Quneitra.",
    "South Sudan's army is guarding the oil fields in Unity state.",
    "Central African soldiers recaptured Bossangoa from the rebel coalition.",
]

# ---------------------------------------------------------------------------------------------
# MFT: reported fears, worries and allegations (neutral)
# ---------------------------------------------------------------------------------------------
FEARS = [
    "Critics fear the force will be used to disarm Hamas.",
    "Residents worry that peacekeepers will not protect them.",
    "Many in south Lebanon fear UNIFIL will be turned against Hezbollah.",
    "Aid workers fear the force will be drawn into fighting in Gaza's camps.",
    "Some diplomats privately worry that the mission will simply watch as the gangs regroup.",
    "Families in the Bria camp say they are afraid the blue helmets will leave.",
    "Palestinians fear the stabilisation force will act as an arm of the Israeli military.",
    "Israeli officials fear the force will never disarm Hamas.",
    "There are concerns in Jakarta that Indonesian troops could end up fighting Palestinians.",
    "Human rights groups allege that MINUSCA troops stood by while an armed group attacked a camp near Bria.",
    "Residents of Goma fear that the UN will pull out before the fighting ends.",
    "Analysts suspect the force's mandate will be watered down in negotiations.",
    "Some Haitians worry that foreign troops will repeat the abuses of earlier missions.",
    "Rumours spread in Naqoura that UNIFIL would start searching homes.",
    "Unverified claims that peacekeepers raided a village near Bambari circulated on social media.",
    "Lebanese politicians fear a new mandate will let UNIFIL act without the army's consent.",
    "Villagers told researchers they fear reprisals if peacekeepers attack the militia.",
    "Some troop contributors fear their soldiers will be ordered into combat.",
    "Pakistan's opposition fears the government will commit troops to disarming Hamas.",
    "Palestinian civil society groups fear the force will sideline Palestinian institutions.",
    "Aid agencies worry that armed escorts will make their convoys a target.",
    "Residents of Port-au-Prince fear the gangs will take revenge once the foreign troops leave.",
    "There is speculation in Ankara that Turkish soldiers could be asked to guard the crossings.",
    "Somali officials worry that AUSSOM will run out of money before al-Shabaab is defeated.",
    "Observers fear the ceasefire will collapse before the monitors arrive.",
    "Critics in Rome fear Italian soldiers in UNIFIL could be caught in the crossfire.",
    "Kosovo Serbs fear KFOR will side with Pristina.",
    "Some Israelis fear that international monitors will hamper their army's operations.",
    "Some officials suspect that the force will rarely leave its bases.",
    "Displaced families fear that the peacekeepers will hand the camp over to the army.",
    "Opposition lawmakers in Nairobi fear Kenyan police in Haiti will be sent into battles they cannot win.",
    "Allegations that soldiers from the mission fired on protesters in Goma are under investigation.",
    "Many Cypriots fear the buffer zone will be neglected as UNFICYP shrinks.",
    "Residents fear the force will be too weak to stop the militias.",
    "Gaza residents fear that foreign troops will search their homes.",
    "There are fears in Beirut that the army and UNIFIL will clash with Hezbollah.",
    "Some European diplomats fear the reassurance force will be dragged into a war with Russia.",
    "Jordanian officials are worried the force could become a target for militants.",
    "Sudanese refugees fear no international force will ever come to Darfur.",
    "It is feared that the mission will be blamed for any return to fighting.",
    "Hamas officials claim the force is being set up to finish Israel's war for it.",
    "Local leaders in Ituri suspect the UN brigade will only protect the mining towns.",
    "Some in Mogadishu fear the African Union troops will leave before the Somali army is ready.",
    "Humanitarian groups are concerned that the force may be asked to screen aid recipients.",
]

# ---------------------------------------------------------------------------------------------
# MFT: attributed demands (rule 2: whose view does not matter)
# ---------------------------------------------------------------------------------------------
DEMANDS = [
    ("The US envoy demanded a Chapter VII mandate to disarm the militias.", E),
    ("Israel insists the stabilisation force must destroy Hamas's tunnel network.", E),
    ("Haiti's transitional council asked the Kenyan-led mission to go on the offensive against the gangs.", E),
    ("Kinshasa wants MONUSCO's intervention brigade to attack M23 positions around Goma.", E),
    ("Israeli officials called on UNIFIL to seize Hezbollah weapons south of the Litani.", E),
    ("Somalia's government urged AUSSOM to lead new offensives against al-Shabaab.", E),
    ("A senior US official said the force must be ready to fight Hamas if it refuses to disarm.", E),
    ("The Dominican Republic called for a foreign force strong enough to crush Haiti's gangs.", E),
    ("Several Gulf states want the force to compel Hamas to give up its rockets.", E),
    ("Israel's defence ministry demanded that the force demilitarise Gaza completely before reconstruction begins.", E),
    ("Bosnian government leaders demanded that UN troops call in air strikes on Serb artillery.", E),
    ("The Central African government wants MINUSCA to take the offensive against the rebel coalition.", E),
    ("Germany's delegation pressed for rules of engagement allowing troops to shoot armed looters.", E),
    ("Britain proposed that the Ukraine force be ready to strike any Russian unit that breaks the ceasefire.", E),
    ("Lebanese opposition figures demanded that UNIFIL help the army disarm Hezbollah by force.", E),
    ("The draft resolution asks the mission to neutralise armed groups in Ituri.", E),
    ("South Sudan's opposition called for foreign troops to break the army's siege of Nasir.", E),
    ("Washington insisted the force would act without waiting for Hamas's consent.", E),
    ("Haitian business leaders called on the foreign troops to clear the gangs from the port by force.", E),
    ("Egypt's foreign ministry said the force must limit itself to monitoring the ceasefire and securing aid routes.", P),
    ("The Palestinian Authority asked that the force train Palestinian police rather than fight anyone.", P),
    ("Lebanon's government insists UNIFIL should keep to monitoring the Blue Line.", P),
    ("Aid agencies called on MONUSCO to focus on protecting displaced people in the camps around Goma.", P),
    ("Indonesia's parliament demanded that its troops serve only under UN command and never against Palestinians.", P),
    ("Qatar insisted the force act only with the consent of the Palestinian factions.", P),
    ("The African Union asked AUSSOM to concentrate on guarding towns and training Somali troops.", P),
    ("South Sudanese church leaders urged UNMISS to keep its gates open to civilians.", P),
    ("Cyprus asked UNFICYP to keep patrolling the buffer zone impartially.", P),
    ("Jordan demanded that the force stay out of any effort to disarm Hamas.", P),
    ("Ireland's foreign ministry said Irish soldiers must stay neutral between Israel and Hezbollah.", P),
    ("Brazil's delegation insisted the Haiti mission respect Haitian sovereignty and support the national police.", P),
    ("Several Arab states want the force to guard aid convoys, not hunt fighters.", P),
    ("Humanitarian groups urged the Council to keep the force's weapons strictly for self-defence.", P),
    ("The Kosovo government asked KFOR to keep protecting the Serbian Orthodox monasteries.", P),
    ("Lebanese army commanders called for UNIFIL to support, not replace, their soldiers in the south.", P),
    ("Ghana's defence ministry said the battalion would only go where both sides had agreed it could.", P),
    ("Palestinian negotiators demanded a force that separates the two sides and answers to the UN.", P),
    ("Norway called for the mission to put reconstruction and humanitarian access first.", P),
    ("Jakarta demanded clarity on who would command the force.", N),
    ("Pakistan asked for its troop costs to be reimbursed within six months.", N),
    ("Egypt wants the force's headquarters in El Arish.", N),
    ("France called for a Security Council vote before the end of the month.", N),
    ("Kenya's parliament demanded a full debate before any more police officers are sent to Haiti.", N),
    ("Several contributors insisted on seeing the budget before pledging troops.", N),
]

# ---------------------------------------------------------------------------------------------
# MFT: consent tasks and plain enforcement without their keywords
# ---------------------------------------------------------------------------------------------
CONSENT = [
    ("Observers will patrol the buffer zone with both sides' agreement.", P),
    ("Blue helmets escorted the food convoy from Kerem Shalom to Khan Younis.", P),
    ("The mission trained 300 Haitian police recruits at a new academy in Port-au-Prince.", P),
    ("UNFICYP soldiers staff observation posts along the Green Line in Nicosia.", P),
    ("MFO troops verify that Egypt and Israel respect the troop limits in Sinai.", P),
    ("UNDOF observers check that neither side moves tanks into the area of separation.", P),
    ("Engineers from the mission rebuilt the bridge at Bor so that aid trucks could reach the town.", P),
    ("MINUSCA troops sheltered 2,000 displaced people inside their base in Bria.", P),
    ("UNIFIL engineers cleared mines near Rmeish and gave the maps to both armies.", P),
    ("The force will stand between the two armies along a line both governments have accepted.", P),
    ("Monitors from the mission will count the heavy weapons that both parties have agreed to store in depots.", P),
    ("UNMISS troops guard the camps where tens of thousands of displaced people live in Malakal.", P),
    ("International troops will help rebuild schools and clinics in Rafah once the fighting stops.", P),
    ("The Gaza force will train and equip a new Palestinian police service.", P),
    ("The mission will act only at the invitation of the government and with the agreement of the parties.", P),
    ("KFOR troops escorted Serb pilgrims to the monastery at Decani.", P),
    ("The observers will report violations of the truce to both sides and to the Security Council.", P),
    ("The international troops will keep their weapons holstered unless they themselves come under attack.", P),
    ("UN troops opened a safe corridor so civilians could leave the besieged town, with both sides' agreement.", P),
    ("The mission's patrols will accompany women collecting firewood outside the Bentiu camp.", P),
    ("The force will hand over security to Palestinian police as soon as they are ready.", P),
    ("Military observers will look into reported violations and share what they find with both parties.", P),
    ("MONUSCO's brigade stormed the rebel stronghold at dawn.", E),
    ("MONUSCO helicopter gunships pounded M23 positions on the hills above Goma.", E),
    ("The Kenyan-led multinational mission swept through Martissant and arrested dozens of gang members.", E),
    ("UN troops will search every house in the camp for hidden rifles, whether the residents agree or not.", E),
    ("The stabilisation force will blow up the tunnels under Rafah.", E),
    ("AUSSOM columns drove al-Shabaab out of three towns in Lower Shabelle.", E),
    ("ECOMOG jets bombed rebel-held districts of Freetown.", E),
    ("The stabilisation force will take Hamas's remaining rockets, whether Hamas agrees or not.", E),
    ("Blue helmets will go house to house in Cité Soleil hunting gang leaders.", E),
    ("NATO aircraft struck Bosnian Serb ammunition depots around Pale.", E),
    ("The Gaza force will seize any rifle it finds on the street.", E),
    ("KFOR troops tore down the barricades on the Ibar bridge over the objections of local Serbs.", E),
    ("The mission's special forces captured two ADF commanders in a night assault near Beni.", E),
    ("International troops will shoot anyone carrying a weapon inside the exclusion zone.", E),
    ("The stabilisation force will cordon off Jabalia and search it block by block for arms depots.", E),
    ("UN troops shelled the militia's camps in the hills above Bunia for three days.", E),
    ("MINUSCA troops pushed the rebels out of Bangassou after two days of street battles.", E),
    ("The force will take over Hamas's weapons workshops and blow up what it finds.", E),
    ("Foreign troops will arrest the gang leaders named on the sanctions list.", E),
    ("UNOSOM troops hunted the warlord's men across southern Mogadishu.", E),
    ("The UN intervention brigade will hit the armed groups before they can attack the displaced camps.", E),
    ("Soldiers of the mission will tear down every militia checkpoint on the road to Kisangani, with or without the militias' agreement.", E),
]

# ---------------------------------------------------------------------------------------------
# MFT: rhetorical stance (the side is taken by rhetoric: consequences, ridicule, history lessons,
# conditionals, "those who ... forget", "a task for a party to the war", concessions; the
# peacekeeping cases reject a coercive task without a plain negator)
# ---------------------------------------------------------------------------------------------
RHETORIC = [
    # coercive tasks argued against -> peacekeeping
    ("The idea that a few thousand foreign soldiers could disarm Hamas street by street, where the Israeli army failed after two years of war, is a fantasy.", P),
    ("Sending UNIFIL's Italian and Irish battalions into Hezbollah's tunnels would cost the mission the trust of every village it patrols south of the Litani.", P),
    ("Ordering KFOR to storm the municipal buildings in Zvecan would squander the trust it has built among Serbs and Albanians alike since 1999.", P),
    ("Giving the European reassurance force orders to engage Russian units along the contact line would make Europe a party to the war on its first day.", P),
    ("Talk of Kenyan police officers crushing Haiti's gangs in one summer offensive is wishful thinking; their job is to back the Haitian police while it rebuilds.", P),
    ("Anyone who thinks MINUSCA's blue helmets can chase armed groups across a country the size of France is dreaming; guarding the towns and the displaced is hard enough.", P),
    ("The notion that UNMISS should break up the militias of Upper Nile by force belongs in a war film; the mission's real work is sheltering the families who reach its bases.", P),
    ("Mogadishu in 1993 is the warning for AUSSOM: once peacekeepers set out to hunt a warlord, they became one more armed faction in the city.", P),
    ("Whoever drafts the Gaza mandate should remember Beirut in 1983, when a multinational force seen to take sides became a target; a force sent to disarm Hamas would share its fate.", P),
    ("The Cité Soleil raids of 2005, when peacekeepers' gunfire killed residents along with gang leaders, are the best argument against sending the Gang Suppression Force into the slums.", P),
    ("Each offensive UN troops have joined in the Kivus has been followed by reprisals against villagers, which is why MONUSCO should stick to guarding the displaced.", P),
    ("Israel's eighteen years in south Lebanon showed that foreign soldiers who try to uproot Hezbollah end up fighting the whole south; UNIFIL should stay a monitor.", P),
    ("If the International Stabilisation Force is asked to crush Hamas's remaining cells, its Muslim contributors will pull their troops out long before the first tunnel is reached.", P),
    ("If MONUSCO's intervention brigade goes back to storming M23 hilltops, the rebels will answer by shelling the very camps the UN is meant to protect.", P),
    ("Should the mission in Haiti start kicking down doors in Martissant, it will lose the residents whose tips are its only real source of intelligence.", P),
    ("If UNMISS turns its guns on the militias around Malakal, the protection site will become a front line, and the displaced sheltering inside will pay the price.", P),
    ("Those who want UNIFIL to seize Hezbollah's rockets forget that its soldiers live among the same villagers who shelter the fighters and would soon turn on the mission.", P),
    ("Those who want European troops in Ukraine to shoot down Russian drones forget that a reassurance force is meant to reassure, deterring by its presence alone.", P),
    ("Taking Hamas's rifles by force is a job for a party to the war, not for soldiers sent to Gaza to keep a ceasefire.", P),
    ("Fighting M23 is work for the Congolese army, a party to the war, not for blue helmets whose mandate begins with protecting civilians.", P),
    ("Clearing al-Shabaab from the Jubba valley is a task for the Somali army, a party to the war, not for the AUSSOM troops guarding its towns.", P),
    ("Yes, Hamas still has rifles, but sending foreign troops to seize them house by house would drag the force into the very war it came to end.", P),
    ("True, armed Serb groups remain active in the north, yet raiding Serb homes for weapons would wreck KFOR's standing as the protector of both communities.", P),
    ("Admittedly, the armed groups in Ouaka keep attacking, but turning MINUSCA into a combat force would leave the camps for the displaced unguarded.", P),
    # the same rhetoric aimed at a passive, consent-bound force -> enforcement
    ("Posting foreign troops at the crossings to watch Hamas rearm would simply hand Israel a reason to resume the war; the force has to take the rockets away.", E),
    ("A UNIFIL that spots Hezbollah launchers, files a report to New York and drives on is a tourist agency in helmets; the launchers should be seized on the spot.", E),
    ("Srebrenica, where Dutch peacekeepers watched the men being led away, is why MINUSCA must be ready to hunt down the armed groups in their own bases.", E),
    ("Rwanda in 1994 showed the cost of peacekeepers ordered to stay neutral and leave the militias' arms caches alone; MONUSCO's brigade should raid the ADF's depots now.", E),
    ("Juba in July 2016, when UNMISS troops stayed behind their walls as soldiers went on a rampage nearby, argues for a mission that disarms armed men before they strike.", E),
    ("The intervention brigade's rout of M23 in 2013 proved that armed groups in the Kivus stop only when a UN force is willing to attack them.", E),
    ("If the Gang Suppression Force waits for the gangs' agreement before entering their neighbourhoods, it will still be waiting when its mandate runs out.", E),
    ("If AUSSOM keeps to its garrisons and leaves the countryside to al-Shabaab, the group will reach the gates of Mogadishu within a year; the troops must attack its bases in Middle Juba.", E),
    ("Those who want a Gaza force bound by Hamas's consent forget that Hamas has yet to agree to anything touching its weapons; the force will have to disarm it.", E),
    ("People who picture the reassurance force as a tripwire of observers forget that Moscow respects only troops ready and permitted to strike any Russian unit that crosses the line.", E),
    ("Yes, consent is the textbook rule, but the gangs of Port-au-Prince will give it only once they are beaten, so the foreign troops must take their neighbourhoods by force.", E),
    ("Impartiality sounds fine in Brussels, but after the armed raid at Banjska, KFOR should be disarming the paramilitary groups in the north, by force if need be.", E),
    ("A stabilisation force whose mandate is to observe and report will observe Hamas rebuild its tunnels and report on the next war.", E),
    ("Binding MINUSCA to the armed groups' consent hands their commanders a veto over every road in the country; the mission must be able to force its way through.", E),
    # the same rhetoric about budgets, votes, contributors and timelines -> neutral
    ("Cutting UNIFIL's budget by a quarter would mean sending roughly 2,500 soldiers home before the end of the year, by Italian officials' reckoning.", N),
    ("The idea that Europe can find 25,000 soldiers for a reassurance force in Ukraine by next spring is a fantasy, given how few battalions its armies can spare.", N),
    ("Anyone who remembers how long UNMISS waited for the extra troops promised in 2016 should be sceptical of the deployment date announced for the Gaza force.", N),
    ("If donors are late again with their payments to the Gang Suppression Force's trust fund, the Kenyan officers in Haiti will go unpaid for another season.", N),
    ("Those who expect AUSSOM to be funded by December forget that the Security Council has yet to agree on who pays for the mission.", N),
    ("Granted, MONUSCO's withdrawal was approved years ago, but the timetable for leaving North Kivu has slipped with every new round of fighting.", N),
]

add_mft("negation", NEGATION)
add_mft("modals", MODALS)
add_mft("page-clutter", [(t, N) for t in CLUTTER])
add_mft("questions", QUESTIONS)
add_mft("national-armies", [(t, N) for t in NATIONAL])
add_mft("reported-fears", [(t, N) for t in FEARS])
add_mft("attributed-demands", DEMANDS)
add_mft("consent-tasks", CONSENT)
add_mft("rhetorical-stance", RHETORIC)

# ---------------------------------------------------------------------------------------------
# INV: mission swapped (template expansion)
# ---------------------------------------------------------------------------------------------
MISSIONS_ALL = ["UNIFIL", "MONUSCO", "the Gaza stabilisation force", "MINUSCA", "UNMISS", "KFOR",
                "the MFO", "UNDOF", "UNFICYP", "AUSSOM", "the Ukraine reassurance force",
                "MINUSMA", "UNISFA", "the International Stabilisation Force",
                "the Kenyan-led mission in Haiti", "EUFOR Althea"]
MISSIONS_COERCIVE = ["MONUSCO", "the Gaza stabilisation force", "MINUSCA", "AUSSOM", "KFOR",
                     "the Kenyan-led mission in Haiti", "UNMISS", "MINUSMA", "UNIFIL",
                     "the International Stabilisation Force", "the Ukraine reassurance force"]
INV_MISSION_TEMPLATES = [
    (P, MISSIONS_ALL, "{M} will protect civilians in the camps and keep the roads open for aid."),
    (E, MISSIONS_COERCIVE, "{M} must disarm the armed groups, using all necessary means."),
    (N, MISSIONS_ALL, "{M} has about 10,000 personnel on the ground."),
    (P, MISSIONS_ALL, "Troops from {M} patrol the ceasefire line only with the agreement of both sides."),
    (E, MISSIONS_COERCIVE, "{M} will raid the militias' hideouts and seize their weapons."),
    (N, MISSIONS_ALL, "The budget of {M} will be debated in New York next week."),
    (P, MISSIONS_ALL, "{M} exists to monitor the truce impartially, not to take sides."),
    (E, MISSIONS_COERCIVE, "Troops from {M} stormed an armed group's base and destroyed its arms depot."),
    (N, MISSIONS_ALL, "{M} appointed a new force commander on Monday."),
    (P, MISSIONS_ALL, "Soldiers of {M} escorted a convoy of medicine to a besieged district."),
    (E, MISSIONS_COERCIVE, "{M} should act without waiting for the consent of the armed factions."),
    (N, MISSIONS_ALL, "Funding for {M} runs out at the end of the year."),
    (P, MISSIONS_ALL, "{M} will help train the local police and hand over security as soon as they are ready."),
    (E, MISSIONS_COERCIVE, "Under its new mandate, {M} will go on the offensive against the armed groups."),
    (N, MISSIONS_ALL, "A new head of {M} will be appointed by the Secretary-General next month."),
    (P, MISSIONS_ALL, "{M} will verify the withdrawal of the heavy weapons that both sides agreed to pull back."),
    (E, MISSIONS_COERCIVE, "{M} will hunt down the commanders of the armed groups."),
    (N, MISSIONS_ALL, "{M} lost two soldiers in a road accident last week."),
    (P, MISSIONS_ALL, "Blue helmets from {M} opened their base to families fleeing the fighting."),
    (E, MISSIONS_COERCIVE, "{M} will search homes for weapons without asking the residents' permission."),
]


def rotate_pick(pool, start, n):
    """n distinct items of pool, by a fixed stride coprime to the pool size (no randomness)."""
    from math import gcd
    step = next(k for k in (5, 3, 7, 2, 1) if gcd(k, len(pool)) == 1)
    return [pool[(start + i * step) % len(pool)] for i in range(n)]


def fill(template, key, value):
    s = template.replace("{" + key + "}", value)
    return cap(s)


def inv_from_templates(capability, prefix, templates, key, n_groups, picker, size=3):
    """Round-robin over the templates; a group never repeats a sentence already in the suite
    (the start of the rotation moves on, deterministically, until all its rows are new)."""
    used = {r["text"] for r in ROWS}
    made = 0
    rnd = 0
    while made < n_groups:
        for ti, (label, pool, tpl) in enumerate(templates):
            if made >= n_groups:
                break
            start = rnd * 7 + ti * 3
            for shift in range(len(pool)):
                vals = picker(pool, start + shift, size)
                texts = [fill(tpl, key, v) for v in vals]
                if not used.intersection(texts):
                    break
            else:
                raise SystemExit(f"no fresh values for {tpl}")
            assert len(set(vals)) == len(vals), (tpl, vals)
            used.update(texts)
            add_inv(capability, prefix, label, texts, "template")
            made += 1
        rnd += 1


inv_from_templates("inv-mission", "inv-mission", INV_MISSION_TEMPLATES, "M", 40, rotate_pick)

# ---------------------------------------------------------------------------------------------
# INV: contributing country or place swapped
# ---------------------------------------------------------------------------------------------
COUNTRIES = [("Indonesia", "Indonesian"), ("Pakistan", "Pakistani"), ("Italy", "Italian"),
             ("Kenya", "Kenyan"), ("Brazil", "Brazilian"), ("Ghana", "Ghanaian"),
             ("Nepal", "Nepalese"), ("Bangladesh", "Bangladeshi"), ("France", "French"),
             ("Turkey", "Turkish"), ("Ireland", "Irish"), ("India", "Indian"),
             ("Rwanda", "Rwandan"), ("Egypt", "Egyptian"), ("Azerbaijan", "Azerbaijani"),
             ("Uruguay", "Uruguayan"), ("Senegal", "Senegalese"), ("Malaysia", "Malaysian"),
             ("Spain", "Spanish"), ("Morocco", "Moroccan"), ("Jordan", "Jordanian"),
             ("Fiji", "Fijian"), ("Tanzania", "Tanzanian"), ("South Africa", "South African")]
C_NAMES = [c for c, _ in COUNTRIES]
C_ADJ = [a for _, a in COUNTRIES]
GAZA_C = ["Indonesia", "Pakistan", "Azerbaijan", "Egypt", "Italy", "Turkey", "Jordan", "Morocco",
          "Bangladesh", "Malaysia", "Brazil"]
GAZA_ADJ = ["Indonesian", "Pakistani", "Azerbaijani", "Egyptian", "Italian", "Turkish",
            "Jordanian", "Moroccan", "Bangladeshi", "Malaysian", "Brazilian"]
AFRICA_ADJ = ["Kenyan", "Ugandan", "Ethiopian", "Burundian", "Egyptian", "Ghanaian",
              "Djiboutian", "Sierra Leonean", "Tanzanian", "Nigerian", "Rwandan"]
FIB_ADJ = ["South African", "Tanzanian", "Malawian", "Kenyan", "Ghanaian", "Rwandan",
           "Senegalese", "Nepalese", "Indian", "Bangladeshi", "Pakistani"]
UNIFIL_ADJ = ["Italian", "Irish", "French", "Spanish", "Ghanaian", "Indian", "Indonesian",
              "Malaysian", "Nepalese", "Finnish", "Polish", "Brazilian", "Chinese"]
HAITI_ADJ = ["Kenyan", "Jamaican", "Bahamian", "Belizean", "Guatemalan", "Salvadoran",
             "Beninese", "Chadian", "Bangladeshi", "Barbadian", "Burundian"]
PLACES_HAITI = ["Cité Soleil", "Martissant", "Croix-des-Bouquets", "Bel Air", "Canaan",
                "Carrefour-Feuilles", "Delmas", "Mirebalais", "Cabaret", "Solino", "Kenscoff"]
PLACES_RETURN = ["Khan Younis", "Bunia", "Bentiu", "Bria", "Malakal", "Rutshuru", "Bambari",
                 "Marjayoun", "Beit Lahia", "Bor", "Kaga-Bandoro"]
PLACES_REBEL = ["Beni", "Bunia", "Butembo", "Rutshuru", "Bria", "Kaga-Bandoro", "Bambari",
                "Masisi", "Walikale", "Ndele", "Djema"]
PLACES_LAND = ["El Arish", "Port-au-Prince", "Beirut", "Mogadishu", "Juba", "Bangui", "Goma",
               "Larnaca", "Entebbe", "Aqaba", "Pristina"]
PLACES_GAZA = ["Jabalia", "Khan Younis", "Rafah", "Deir al-Balah", "Beit Hanoun", "Gaza City",
               "Nuseirat", "Bureij", "Beit Lahia", "Maghazi", "Shujaiya"]
INV_COUNTRY_TEMPLATES = [
    (P, GAZA_ADJ, "{X} troops serving with the force will escort aid convoys into Gaza City."),
    (E, FIB_ADJ, "{X} special forces in the intervention brigade will lead the assault on the rebel camps near Beni."),
    (N, C_NAMES, "{X} has offered to send a field hospital and 600 troops."),
    (P, C_NAMES, "{X}'s contingent will never take part in raids on Hezbollah positions, its defence ministry said."),
    (E, GAZA_C, "{X} says its soldiers in the Gaza force are ready to seize Hamas's weapons by force."),
    (N, C_NAMES, "{X}'s parliament will vote next week on joining the force."),
    (P, PLACES_RETURN, "Peacekeepers escorted displaced families back to their homes in {X}."),
    (E, PLACES_REBEL, "UN helicopters attacked rebel camps outside {X} at dawn."),
    (N, PLACES_LAND, "The first contingent of the force is expected to land in {X} next week."),
    (P, UNIFIL_ADJ, "The {X} battalion in UNIFIL patrols the Blue Line jointly with the Lebanese army."),
    (E, PLACES_GAZA, "International troops will cordon off {X} and search every house for weapons."),
    (N, C_ADJ, "The {X} defence minister visited the force's headquarters in El Arish."),
    (P, HAITI_ADJ, "{X} police officers in the mission will train their Haitian counterparts."),
    (E, AFRICA_ADJ, "{X} troops in AUSSOM drove al-Shabaab fighters out of two villages near Baidoa."),
    (N, C_ADJ, "The {X} contingent will rotate home in September."),
    (P, GAZA_C, "Engineers from {X} serving in the force will rebuild the water network in Rafah."),
    (E, GAZA_C, "{X} has told the Council that its troops in the force will hunt down Hamas fighters."),
    (N, PLACES_LAND, "The force will open a liaison office in {X} next month."),
    (P, PLACES_RETURN, "The force will protect the camps for displaced people in {X}."),
    (E, PLACES_HAITI, "The multinational mission's troops will clear the gangs out of {X} street by street."),
]
inv_from_templates("inv-country", "inv-country", INV_COUNTRY_TEMPLATES, "X", 40, rotate_pick)

# ---------------------------------------------------------------------------------------------
# INV: named (invented) speaker or commander swapped
# ---------------------------------------------------------------------------------------------
PEOPLE = ["Lieutenant General Tomasz Wierzbicki", "Major General Adwoa Mensah-Bonsu",
          "General Rafael Quintero Alves", "Brigadier Farid Haddadin",
          "Lieutenant General Ingrid Solberg-Aas", "Major General Kofi Agyeman-Badu",
          "Colonel Dewi Anggraeni Putri", "Brigadier General Hamid Qureshi-Baig",
          "General Luca Ferraresi", "Major General Wanjiru Kamau-Odera",
          "Lieutenant General Suresh Thapa Magar", "Colonel Mehmet Karaoglan",
          "Brigadier Aoife Kinsella", "General Etienne Mbarga-Nkoulou",
          "Major General Rashid Al-Khatabi", "Lieutenant General Monica Echeverri Salas",
          "Colonel Nasrin Chowdhury-Alam"]
CIVILIANS = ["Lina Sarkis", "Daniel Okwuosa", "Helene Marchetti", "Bilal Rahimi",
             "Ana Ferreira Lopes", "Jonas Ekdahl", "Mariam Toure-Sissoko", "Kenji Watanabe-Ruiz",
             "Grace Achieng Owuor", "Omar Bensaid", "Priya Raghunathan"]
INV_PERSON_TEMPLATES = [
    (P, PEOPLE, "{X}, the force commander, said the troops would fire only in self-defence."),
    (E, PEOPLE, "{X} told reporters the force would disarm any faction that refused to hand over its weapons."),
    (N, PEOPLE, "{X} took command of the mission on Monday."),
    (P, PEOPLE, "'Our job is to protect the people in these camps, nothing more,' said {X}."),
    (E, PEOPLE, "Multinational troops under {X} will lead the assault on the gang strongholds in Port-au-Prince."),
    (N, PEOPLE, "{X} will chair the first meeting of troop contributors in Cairo."),
    (P, PEOPLE, "{X} ordered the UN battalion to escort every aid convoy entering the city."),
    (E, PEOPLE, "The force commander, {X}, ordered an attack on the rebel positions overlooking Beni."),
    (N, PEOPLE, "{X} previously served as army chief of staff and as a military attache in Washington."),
    (P, PEOPLE, "Under {X}, the mission has focused on training local police and protecting civilians."),
    (E, PEOPLE, "'We will go after the armed groups wherever they hide,' said {X}, the mission's commander."),
    (N, PEOPLE, "The force commander, {X}, met the Lebanese president in Beirut on Tuesday."),
    (P, PEOPLE, "{X} said the observers would go only where both sides had agreed to let them."),
    (E, PEOPLE, "{X} said the UN brigade would take the militia's weapons whether it agreed or not."),
    (N, CIVILIANS, "Spokesperson {X} said the next troop rotation would take place in May."),
    (P, CIVILIANS, "UN envoy {X} urged the force to focus on protecting civilians and reopening the crossings."),
    (E, CIVILIANS, "Envoy {X} called for a mandate allowing the force to disarm the militias."),
    (N, CIVILIANS, "{X}, a spokesperson for the mission, declined to say how many troops it would need."),
    (P, CIVILIANS, "Mission spokesperson {X} said patrols would continue only with the consent of village leaders."),
    (E, PEOPLE, "{X}, the force commander, said troops would destroy every tunnel they found, whatever Hamas said."),
]
inv_from_templates("inv-person", "inv-person", INV_PERSON_TEMPLATES, "X", 40, rotate_pick)

# ---------------------------------------------------------------------------------------------
# INV: tense (hand-written past / present / future of one proposition)
# ---------------------------------------------------------------------------------------------
TENSE = [
    (P, "UNIFIL patrolled the Blue Line together with the Lebanese army.",
        "UNIFIL patrols the Blue Line together with the Lebanese army.",
        "UNIFIL will patrol the Blue Line together with the Lebanese army."),
    (E, "The UN intervention brigade raided militia camps near Beni.",
        "The UN intervention brigade is raiding militia camps near Beni.",
        "The UN intervention brigade will raid militia camps near Beni."),
    (N, "Indonesia sent 1,000 troops to the force.",
        "Indonesia is sending 1,000 troops to the force.",
        "Indonesia will send 1,000 troops to the force."),
    (P, "Peacekeepers escorted aid convoys from the crossing to Khan Younis.",
        "Peacekeepers escort aid convoys from the crossing to Khan Younis.",
        "Peacekeepers will escort aid convoys from the crossing to Khan Younis."),
    (E, "MONUSCO's intervention brigade attacked M23 positions around Goma.",
        "MONUSCO's intervention brigade is attacking M23 positions around Goma.",
        "MONUSCO's intervention brigade will attack M23 positions around Goma."),
    (N, "The Security Council renewed the mandate for another year.",
        "The Security Council is renewing the mandate for another year.",
        "The Security Council will renew the mandate for another year."),
    (P, "UNDOF observers monitored the area of separation on the Golan.",
        "UNDOF observers monitor the area of separation on the Golan.",
        "UNDOF observers will monitor the area of separation on the Golan."),
    (E, "The stabilisation force destroyed Hamas tunnels in Rafah.",
        "The stabilisation force is destroying Hamas tunnels in Rafah.",
        "The stabilisation force will destroy Hamas tunnels in Rafah."),
    (N, "The mission cost about a billion dollars a year.",
        "The mission costs about a billion dollars a year.",
        "The mission will cost about a billion dollars a year."),
    (P, "MINUSCA sheltered displaced families inside its base in Bria.",
        "MINUSCA is sheltering displaced families inside its base in Bria.",
        "MINUSCA will shelter displaced families inside its base in Bria."),
    (E, "AUSSOM troops drove al-Shabaab out of towns along the Shabelle river.",
        "AUSSOM troops are driving al-Shabaab out of towns along the Shabelle river.",
        "AUSSOM troops will drive al-Shabaab out of towns along the Shabelle river."),
    (N, "The first contingent arrived in El Arish.",
        "The first contingent is arriving in El Arish.",
        "The first contingent will arrive in El Arish."),
    (P, "The force trained Palestinian police officers in Egypt.",
        "The force is training Palestinian police officers in Egypt.",
        "The force will train Palestinian police officers in Egypt."),
    (E, "The Kenyan-led mission hunted gang leaders in Port-au-Prince.",
        "The Kenyan-led mission is hunting gang leaders in Port-au-Prince.",
        "The Kenyan-led mission will hunt gang leaders in Port-au-Prince."),
    (N, "Pakistan hosted a conference of troop contributors.",
        "Pakistan is hosting a conference of troop contributors.",
        "Pakistan will host a conference of troop contributors."),
    (P, "UNMISS protected civilians at its site in Malakal.",
        "UNMISS protects civilians at its site in Malakal.",
        "UNMISS will protect civilians at its site in Malakal."),
    (E, "The force disarmed the militias that refused to hand over their weapons.",
        "The force is disarming the militias that refuse to hand over their weapons.",
        "The force will disarm the militias that refuse to hand over their weapons."),
    (N, "The force commander visited Cairo for talks.",
        "The force commander is visiting Cairo for talks.",
        "The force commander will visit Cairo for talks."),
    (P, "KFOR troops guarded the monastery at Visoki Decani.",
        "KFOR troops guard the monastery at Visoki Decani.",
        "KFOR troops will guard the monastery at Visoki Decani."),
    (E, "KFOR tore down the barricades in northern Mitrovica despite local objections.",
        "KFOR is tearing down the barricades in northern Mitrovica despite local objections.",
        "KFOR will tear down the barricades in northern Mitrovica despite local objections."),
    (N, "The General Assembly approved the mission's budget.",
        "The General Assembly is approving the mission's budget.",
        "The General Assembly will approve the mission's budget."),
    (P, "The MFO verified the troop limits in Sinai.",
        "The MFO verifies the troop limits in Sinai.",
        "The MFO will verify the troop limits in Sinai."),
    (E, "MINUSCA launched offensives against the armed groups in the north-west.",
        "MINUSCA is launching offensives against the armed groups in the north-west.",
        "MINUSCA will launch offensives against the armed groups in the north-west."),
    (N, "Ghana's parliament debated the deployment.",
        "Ghana's parliament is debating the deployment.",
        "Ghana's parliament will debate the deployment."),
    (P, "UNFICYP soldiers kept the two sides apart along the Green Line, as both had agreed.",
        "UNFICYP soldiers keep the two sides apart along the Green Line, as both have agreed.",
        "UNFICYP soldiers will keep the two sides apart along the Green Line, as both have agreed."),
    (E, "The force searched homes for weapons without the residents' consent.",
        "The force is searching homes for weapons without the residents' consent.",
        "The force will search homes for weapons without the residents' consent."),
    (N, "The mission employed 2,000 local staff.",
        "The mission employs 2,000 local staff.",
        "The mission will employ 2,000 local staff."),
    (P, "The mission acted only with the consent of the host government.",
        "The mission acts only with the consent of the host government.",
        "The mission will act only with the consent of the host government."),
    (E, "UN troops used lethal force against armed looters in the capital.",
        "UN troops are using lethal force against armed looters in the capital.",
        "UN troops will use lethal force against armed looters in the capital."),
    (N, "Talks on the force's mandate took place in Doha.",
        "Talks on the force's mandate are taking place in Doha.",
        "Talks on the force's mandate will take place in Doha."),
    (P, "The observers reported ceasefire violations to both parties.",
        "The observers report ceasefire violations to both parties.",
        "The observers will report ceasefire violations to both parties."),
    (E, "The mission seized weapons caches without the factions' agreement.",
        "The mission is seizing weapons caches without the factions' agreement.",
        "The mission will seize weapons caches without the factions' agreement."),
    (N, "Italy led the western sector of UNIFIL.",
        "Italy leads the western sector of UNIFIL.",
        "Italy will lead the western sector of UNIFIL."),
    (P, "The Gaza force helped rebuild the water network in Deir al-Balah.",
        "The Gaza force is helping rebuild the water network in Deir al-Balah.",
        "The Gaza force will help rebuild the water network in Deir al-Balah."),
    (E, "International troops imposed a curfew on the city and arrested anyone who broke it.",
        "International troops are imposing a curfew on the city and arresting anyone who breaks it.",
        "International troops will impose a curfew on the city and arrest anyone who breaks it."),
    (N, "The mission relied on helicopters leased from private firms.",
        "The mission relies on helicopters leased from private firms.",
        "The mission will rely on helicopters leased from private firms."),
    (P, "Blue helmets opened their gates to villagers fleeing the fighting.",
        "Blue helmets are opening their gates to villagers fleeing the fighting.",
        "Blue helmets will open their gates to villagers fleeing the fighting."),
    (E, "The force struck the armed groups before they could attack.",
        "The force strikes the armed groups before they can attack.",
        "The force will strike the armed groups before they can attack."),
    (N, "About 40 countries contributed troops to the mission.",
        "About 40 countries contribute troops to the mission.",
        "About 40 countries will contribute troops to the mission."),
    (N, "Egypt chaired the committee of contributing states.",
        "Egypt chairs the committee of contributing states.",
        "Egypt will chair the committee of contributing states."),
]
for label, *texts in TENSE:
    add_inv("inv-tense", "inv-tense", label, texts, "hand")

# ---------------------------------------------------------------------------------------------
# INV: attribution added or removed
# ---------------------------------------------------------------------------------------------
DECAP = {"The", "A", "An", "Peacekeepers", "Troops", "Blue", "International", "Three", "Twelve",
         "Funding", "Talks"}


def decap(s):
    w = s.split(" ", 1)[0]
    return s[:1].lower() + s[1:] if w in DECAP else s


ATTRIB_BASES = [
    (P, "The force will escort aid convoys into northern Gaza"),
    (E, "The force will disarm Hamas"),
    (N, "Indonesia will send 1,200 troops to the force in the first wave"),
    (P, "UNIFIL will continue to monitor the Blue Line with the Lebanese army"),
    (E, "The UN brigade will carry out raids on ADF camps near Beni"),
    (N, "The first contingent will arrive in El Arish next month"),
    (P, "Peacekeepers will open fire only in self-defence"),
    (E, "The mission has been authorised to use all necessary means against the gangs"),
    (N, "UNIFIL has about 10,000 troops from some 48 countries"),
    (P, "The mission will help train a new Palestinian police service"),
    (E, "International troops will destroy any tunnels they find in Rafah"),
    (N, "The force commander will be named next week"),
    (P, "MONUSCO troops are protecting about 20,000 displaced people at their base in Bunia"),
    (E, "AUSSOM will lead a new offensive against al-Shabaab in the Juba valley"),
    (N, "Twelve countries have pledged troops so far"),
    (P, "The observers will verify the withdrawal of heavy weapons agreed by both sides"),
    (E, "The force will act without waiting for the consent of the armed factions"),
    (N, "The Security Council will vote on the force's mandate on Thursday"),
    (P, "The stabilisation force will not be used to disarm Hamas"),
    (E, "MINUSCA troops attacked rebel positions outside Bambari"),
    (N, "MONUSCO has closed its offices in South Kivu"),
    (P, "UNMISS will keep the protection sites open to anyone fleeing the fighting"),
    (E, "International troops will seize the militias' heavy weapons by force"),
    (N, "The force's headquarters will be in Cairo"),
    (P, "The mission will deploy only where both parties have agreed to its presence"),
    (E, "The force will demilitarise Gaza within a year"),
    (N, "Talks on the force's rules of engagement will resume in Doha"),
    (P, "Troops from the force will guard the hospitals and the water plants in Gaza City"),
    (E, "The Kenyan-led mission will go after the gang leaders in Cite Soleil"),
    (N, "Three peacekeepers were wounded when their vehicle hit a mine near Naqoura"),
    (P, "The force will act under UN oversight and report to the Security Council every three months"),
    (E, "Peacekeepers will shoot armed men who refuse to lay down their weapons"),
    (N, "The mission's mandate expires at the end of June"),
    (P, "KFOR will remain neutral between Belgrade and Pristina"),
    (E, "UNIFIL will search private homes south of the Litani for Hezbollah weapons"),
    (N, "Pakistan is still deciding whether to join the force"),
    (P, "Blue helmets escorted 40 trucks of food to Malakal"),
    (E, "The force will compel the armed groups to hand over their weapons"),
    (N, "Funding for AUSSOM runs out in June"),
    (N, "The mission employs about 2,000 local staff"),
]
LEAD = ["Officials said {c}.", "According to the UN, {c}.", "A diplomat told reporters that {c}.",
        "A spokesperson for the mission said {c}.", "A UN statement said {c}.",
        "Western diplomats say {c}."]
TRAIL = ["{S}, officials said.", "{S}, according to the UN.", "{S}, a diplomat told reporters.",
         "{S}, a UN spokesperson said.", "{S}, the foreign ministry said in a statement.",
         "{S}, two officials familiar with the plans said."]
for i, (label, base) in enumerate(ATTRIB_BASES):
    texts = [base + ".",
             LEAD[i % len(LEAD)].format(c=decap(base)),
             TRAIL[(i * 5 + 1) % len(TRAIL)].format(S=base)]
    add_inv("inv-attribution", "inv-attribution", label, texts, "template")

# ---------------------------------------------------------------------------------------------
# DIR: by force added -> +enforcement (hand-written pairs; bases are peacekeeping or neutral)
# ---------------------------------------------------------------------------------------------
BYFORCE = [
    (N, "The force will deploy to the northern districts in March.",
        ["The force will deploy to the northern districts in March and clear out the gangs by force."]),
    (P, "The force will collect the weapons that the factions hand over voluntarily.",
        ["The force will collect the factions' weapons by force.",
         "The force will collect the factions' weapons, using force if necessary."]),
    (P, "Peacekeepers will reopen the road to Bentiu so that aid can reach the town.",
        ["Peacekeepers will reopen the road to Bentiu by force so that aid can reach the town."]),
    (P, "The mission will escort the convoys through Cite Soleil.",
        ["The mission will escort the convoys through Cite Soleil and break through the gang roadblocks with armed raids."]),
    (P, "UNIFIL will help the Lebanese army take over positions south of the Litani.",
        ["UNIFIL will help the Lebanese army take over positions south of the Litani, using force if necessary."]),
    (P, "The force will keep the aid routes into Gaza City open.",
        ["The force will keep the aid routes into Gaza City open with armed raids on anyone who blocks them."]),
    (P, "MONUSCO will protect the displaced camps around Goma.",
        ["MONUSCO will protect the displaced camps around Goma by attacking the M23 positions above them."]),
    (N, "The UN brigade will return to Beni next month.",
        ["The UN brigade will return to Beni next month and drive the ADF out of the town by force."]),
    (P, "UN troops will remove the militia checkpoints on the road to Bunia after talks with the militia leaders.",
        ["UN troops will remove the militia checkpoints on the road to Bunia by force."]),
    (P, "The force will supervise the handover of Hamas's heavy weapons.",
        ["The force will supervise the handover of Hamas's heavy weapons, using force if Hamas refuses.",
         "The force will take Hamas's heavy weapons by force."]),
    (P, "KFOR will patrol the bridge in Mitrovica.",
        ["KFOR will clear the bridge in Mitrovica by force."]),
    (P, "AUSSOM will guard the road from Mogadishu to Afgoye.",
        ["AUSSOM will guard the road from Mogadishu to Afgoye and attack any al-Shabaab unit that comes near it."]),
    (P, "The force will stay in Gaza until the Palestinian police can take over.",
        ["The force will stay in Gaza until the Palestinian police can take over, and will hunt down armed men by force in the meantime."]),
    (P, "The stabilisation force will patrol the perimeter of the camps in Deir al-Balah.",
        ["The stabilisation force will patrol the perimeter of the camps in Deir al-Balah and enter them by force to seize weapons."]),
    (N, "Italy will send 1,200 soldiers to the force.",
        ["Italy will send 1,200 soldiers to the force to disarm Hamas by force."]),
    (N, "The mission's mandate will be renewed on Friday.",
        ["The mission's mandate will be renewed on Friday, allowing troops to take on the gangs by force."]),
    (N, "The force will have a thousand armoured vehicles.",
        ["The force will have a thousand armoured vehicles to break Hamas's resistance by force."]),
    (P, "The observers will inspect the weapons depots that both sides have declared.",
        ["The observers will inspect the weapons depots, breaking into them by force if necessary."]),
    (P, "Peacekeepers will accompany displaced families returning to their villages.",
        ["Peacekeepers will accompany displaced families returning to their villages after clearing the militias out by force."]),
    (N, "The force will arrive in Khan Younis on Monday.",
        ["The force will arrive in Khan Younis on Monday and storm the remaining Hamas positions."]),
    (P, "UN troops will monitor the ceasefire around Goma.",
        ["UN troops will monitor the ceasefire around Goma and punish any violation with armed raids."]),
    (P, "The force will help Palestinian police keep order in Gaza City.",
        ["The force will help Palestinian police keep order in Gaza City, using force if necessary against armed factions."]),
    (P, "MINUSCA will protect the road to Cameroon so that trucks can reach Bangui.",
        ["MINUSCA will protect the road to Cameroon by attacking the armed groups along it."]),
    (P, "UNMISS will shelter civilians fleeing Malakal.",
        ["UNMISS will shelter civilians fleeing Malakal and use force against the gunmen chasing them."]),
    (N, "The Ukraine reassurance force will be based in the west of the country.",
        ["The Ukraine reassurance force will be based in the west of the country and will strike Russian units by force if they advance."]),
    (P, "The force will escort UN food trucks through the Netzarim corridor.",
        ["The force will escort UN food trucks through the Netzarim corridor and shoot its way past any armed group that blocks them."]),
    (N, "Brazil will command the mission's military component.",
        ["Brazil will command the mission's military component, which will clear the gangs from the slums by force."]),
    (P, "KFOR will protect the Serb enclaves in Kosovo.",
        ["KFOR will protect the Serb enclaves in Kosovo and break up any armed group there, using force if necessary."]),
    (N, "UNIFIL's area of operations runs from the Litani river to the Blue Line.",
        ["UNIFIL's area of operations runs from the Litani river to the Blue Line, and troops will clear Hezbollah from it by force."]),
    (P, "The mission will deliver food to the displaced camps in North Kivu.",
        ["The mission will deliver food to the displaced camps in North Kivu, fighting its way past the militias if necessary."]),
    (N, "The force will be led by an Egyptian general.",
        ["The force will be led by an Egyptian general and will disarm the factions by force."]),
    (P, "The force will verify that Israeli troops have withdrawn to the agreed line.",
        ["The force will verify the withdrawal and push Hamas fighters out of the vacated areas by force."]),
    (N, "Troops for the force will be trained in Jordan.",
        ["Troops for the force will be trained in Jordan for armed raids on Hamas positions."]),
    (P, "The Gaza force will support reconstruction in Rafah.",
        ["The Gaza force will support reconstruction in Rafah after clearing Hamas fighters from the city by force."]),
    (P, "Peacekeepers will stand between the two armies along the agreed line.",
        ["Peacekeepers will stand between the two armies and push back by force any unit that crosses the line."]),
    (N, "The force will have its own helicopters.",
        ["The force will have its own helicopters to carry out armed raids on militia camps."]),
    (P, "The mission will train Somali soldiers at a camp near Baidoa.",
        ["The mission will train Somali soldiers near Baidoa and lead them in armed raids on al-Shabaab."]),
    (N, "The mission will cost about 2 billion dollars a year.",
        ["The mission will cost about 2 billion dollars a year because it will take on the gangs by force."]),
    (P, "Observers will monitor the ceasefire in Hodeidah.",
        ["Observers backed by armed troops will make the ceasefire in Hodeidah hold by force."]),
    (P, "The Irish battalion will patrol the villages near Tibnin.",
        ["The Irish battalion will patrol the villages near Tibnin and search homes for weapons by force."]),
]
for label, base, variants in BYFORCE:
    add_dir("dir-by-force", "dir-byforce", label, base, [(v, "+" + E) for v in variants])

# ---------------------------------------------------------------------------------------------
# DIR: consent added -> -enforcement (enforcement bases) or +peacekeeping (neutral bases)
# ---------------------------------------------------------------------------------------------
CONSENT_DIR = [
    (E, "The force will disarm the militias.",
        "The force will disarm the militias with the consent of both parties."),
    (E, "UN troops will search the camp for weapons whether its residents agree or not.",
        "UN troops will search the camp for weapons at the request of the camp's elders."),
    (N, "The force will deploy along the border next month.",
        "The force will deploy along the border next month with the consent of both governments."),
    (E, "The UN brigade will take the rebel-held hills north of Goma.",
        "The UN brigade will take over the hills north of Goma after the rebels agree to withdraw."),
    (E, "The stabilisation force will take Hamas's heavy weapons.",
        "The stabilisation force will take Hamas's heavy weapons with Hamas's agreement."),
    (N, "UN troops will be stationed in the buffer zone.",
        "UN troops will be stationed in the buffer zone at the request of both parties."),
    (E, "KFOR will take down the barricades in northern Mitrovica.",
        "KFOR will take down the barricades in northern Mitrovica at the request of local Serb leaders."),
    (E, "AUSSOM troops will push the clan militias out of the towns along the river.",
        "AUSSOM troops will move into the towns along the river with the agreement of the clan elders."),
    (N, "The mission will arrive in Port-au-Prince in June.",
        "The mission will arrive in Port-au-Prince in June at the request of the Haitian government."),
    (E, "The mission will demilitarise the zone around the airport.",
        "The mission will demilitarise the zone around the airport with the consent of both parties."),
    (E, "The force will destroy the tunnels under Rafah.",
        "The force will destroy the tunnels under Rafah with the agreement of all Palestinian factions."),
    (N, "The force will set up bases in Rafah and Khan Younis.",
        "The force will set up bases in Rafah and Khan Younis with the agreement of the Palestinian Authority and Israel."),
    (E, "UNIFIL will remove Hezbollah's weapons from the area south of the Litani.",
        "UNIFIL will remove Hezbollah's weapons from the area south of the Litani with the consent of the Lebanese government and of Hezbollah."),
    (E, "Peacekeepers will confiscate weapons at checkpoints around Bangui.",
        "Peacekeepers will collect weapons at checkpoints around Bangui with the consent of the armed groups that signed the peace deal."),
    (N, "A new force will be sent to the Golan.",
        "A new force will be sent to the Golan with the consent of Israel and Syria."),
    (E, "The force will impose a curfew in Khan Younis.",
        "The force will help enforce a curfew in Khan Younis at the request of the local council."),
    (E, "The mission will send troops into the militia-held villages of Ituri whatever the militias say.",
        "The mission will send troops into the militia-held villages of Ituri with the militias' consent."),
    (N, "Five hundred troops will be sent to Bria.",
        "Five hundred troops will be sent to Bria at the request of the Central African government."),
    (E, "The force will disarm the clan militias in Baidoa.",
        "The force will disarm the clan militias in Baidoa after the militias agree to hand in their guns."),
    (E, "UN troops will drive heavy weapons out of the exclusion zone around Sarajevo.",
        "UN troops will escort heavy weapons out of the exclusion zone around Sarajevo with the consent of both armies."),
    (N, "Foreign troops will be posted at the crossings.",
        "Foreign troops will be posted at the crossings with the consent of both sides."),
    (E, "The force will dismantle Hezbollah's positions near the border.",
        "The force will dismantle Hezbollah's positions near the border with the consent of the Lebanese government."),
    (E, "International troops will enter Jabalia and seize the weapons stored there.",
        "International troops will enter Jabalia and collect the weapons stored there, with the agreement of the camp's committees."),
    (N, "The reassurance force will be based near Kyiv.",
        "The reassurance force will be based near Kyiv at the request of the Ukrainian government."),
    (E, "MONUSCO will dismantle the armed group's camps in Masisi.",
        "MONUSCO will dismantle the armed group's camps in Masisi after the group agrees to join the demobilisation programme."),
    (N, "Egyptian troops will form the bulk of the force.",
        "Egyptian troops will form the bulk of the force, which will deploy only with the consent of both parties."),
    (E, "The force will raid weapons workshops in Gaza City.",
        "The force will inspect weapons workshops in Gaza City with the consent of the factions that run them."),
    (N, "The mission will keep 5,000 troops in South Sudan.",
        "The mission will keep 5,000 troops in South Sudan with the government's agreement."),
    (E, "Peacekeepers will search homes in the camp for weapons.",
        "Peacekeepers will search homes in the camp for weapons with the residents' consent."),
    (E, "The mission will break up the militia checkpoints on the road to Kidal.",
        "The mission will take down the militia checkpoints on the road to Kidal with the consent of the militias that man them."),
    (N, "The Security Council will authorise a force for Gaza.",
        "The Security Council will authorise a force for Gaza that will act with the consent of both parties."),
    (E, "KFOR will disarm the armed groups in the north.",
        "KFOR will disarm the armed groups in the north with the consent of both Belgrade and Pristina."),
    (E, "The force will demilitarise northern Gaza.",
        "The force will demilitarise northern Gaza with the consent of both Israel and Hamas."),
    (N, "Nepal will send a battalion to South Sudan.",
        "Nepal will send a battalion to South Sudan at the request of the UN and with the government's consent."),
    (E, "The force will push Hezbollah fighters back from the border.",
        "The force will see Hezbollah fighters back from the border with the consent of Hezbollah and the Lebanese government."),
    (E, "UN troops will take the port from the militia.",
        "UN troops will take over the port from the militia with the militia's agreement."),
    (N, "The force will move into the Philadelphi corridor next year.",
        "The force will move into the Philadelphi corridor next year with the consent of Israel and Egypt."),
    (E, "AUSSOM will disarm clan militias in Lower Shabelle.",
        "AUSSOM will disarm clan militias in Lower Shabelle with the agreement of the clan elders."),
    (N, "Ghana will send a battalion to Lebanon.",
        "Ghana will send a battalion to Lebanon at the request of the Lebanese government."),
    (E, "The force will seize the armed groups' heavy weapons.",
        "The force will take in the heavy weapons that both armed groups have agreed to hand over."),
]
for label, base, variant in CONSENT_DIR:
    exp = "-" + E if label == E else "+" + P
    add_dir("dir-consent", "dir-consent", label, base, [(variant, exp)])

# ---------------------------------------------------------------------------------------------
# DIR: negation of an enforcement base -> -enforcement
# ---------------------------------------------------------------------------------------------
NEG_DIR = [
    ("The force will disarm Hamas's armed wing.", ["The force will not disarm Hamas's armed wing."]),
    ("UNIFIL will search homes for Hezbollah weapons.", ["UNIFIL will never search homes for Hezbollah weapons."]),
    ("The UN brigade will attack M23 positions around Goma.", ["The UN brigade won't attack M23 positions around Goma."]),
    ("Pakistani troops in the force will take part in raids on Hamas tunnels.", ["Pakistani troops in the force will take no part in raids on Hamas tunnels."]),
    ("The mission will use lethal force against the gangs.", ["The mission refuses to use lethal force against the gangs."]),
    ("KFOR will break up the armed groups in the north.", ["Breaking up the armed groups in the north is not the job of KFOR."]),
    ("The force will demilitarise Gaza.", ["The force will not be asked to demilitarise Gaza."]),
    ("AUSSOM will launch offensives against al-Shabaab.", ["AUSSOM has ruled out new offensives against al-Shabaab."]),
    ("Italian troops in UNIFIL will seize Hezbollah's rockets.", ["Italian troops in UNIFIL will not seize Hezbollah's rockets."]),
    ("The stabilisation force will destroy Hamas's tunnels.", ["Destroying Hamas's tunnels is not a task for the stabilisation force."]),
    ("MINUSCA will go on the offensive against the rebels.", ["MINUSCA will not go on the offensive against the rebels."]),
    ("UN troops will compel the militias to disarm.", ["UN troops will never compel the militias to disarm."]),
    ("The Kenyan-led mission will storm the gang strongholds.", ["The Kenyan-led mission won't storm the gang strongholds."]),
    ("Indonesian soldiers in the force will fight Hamas if ordered to.", ["Indonesian soldiers in the force will not fight Hamas, whatever their orders."]),
    ("The force will act without Hamas's consent.", ["The force will not act without Hamas's consent."]),
    ("The mission will impose order on the camps.", ["The mission will not impose order on the camps."]),
    ("Peacekeepers will shoot armed men on sight.", ["Peacekeepers will not shoot armed men on sight."]),
    ("UNMISS will go after the militia commanders.", ["UNMISS refuses to go after the militia commanders."]),
    ("The force will crack down on armed groups in Gaza City.", ["The force will not crack down on armed groups in Gaza City."]),
    ("MONUSCO's brigade will neutralise the ADF.", ["Neutralising the ADF is not the job of MONUSCO's brigade."]),
    ("The reassurance force will engage Russian troops.", ["The reassurance force will never engage Russian troops."]),
    ("Egyptian troops in the force will collect Hamas's weapons by force.", ["Egyptian troops in the force will not collect Hamas's weapons by force."]),
    ("The mission will raid militia camps in Ituri.", ["The mission will not raid militia camps in Ituri."]),
    ("The force has a mandate to use all necessary means against Hamas.", ["The force has no mandate to use all necessary means against Hamas."]),
    ("UNIFIL will dismantle Hezbollah's positions.", ["UNIFIL will not be asked to dismantle Hezbollah's positions."]),
    ("Turkish soldiers in the force will hunt down Hamas commanders.", ["Turkish soldiers in the force will not hunt down Hamas commanders."]),
    ("The mission will arrest gang leaders in Cite Soleil.", ["Arresting gang leaders in Cite Soleil is not the mission's job."]),
    ("Foreign troops will disarm the Palestinian factions.", ["Foreign troops will not disarm the Palestinian factions."]),
    ("The force will blow up weapons caches.", ["The force won't blow up weapons caches."]),
    ("AUSSOM will retake towns from al-Shabaab.", ["AUSSOM will not retake towns from al-Shabaab."]),
    ("The force will enforce the ceasefire with air strikes.", ["The force will not enforce the ceasefire with air strikes."]),
    ("Blue helmets will bomb the rebels' bases.", ["Blue helmets will never bomb the rebels' bases."]),
    ("The force will confiscate rifles at checkpoints.", ["The force will not confiscate rifles at checkpoints."]),
    ("Bangladeshi blue helmets will lead the assault on Bria.", ["Bangladeshi blue helmets will not lead the assault on Bria."]),
    ("The mission will force the militias out of the mining towns.", ["The mission will not force the militias out of the mining towns."]),
    ("The force will take on Hamas militarily.", ["Taking on Hamas militarily is ruled out for the force."]),
    ("UN troops will use force to break up the militia's roadblocks.", ["UN troops will not use force to break up the militia's roadblocks."]),
    ("The multinational mission will clear the gangs from the port.", ["The multinational mission will not clear the gangs from the port."]),
    ("Kenyan police in the mission will attack gang hideouts.", ["Kenyan police in the mission will not attack gang hideouts."]),
    ("The force will strike armed groups pre-emptively.", ["The force will not strike armed groups pre-emptively."]),
    ("KFOR will take Serb roadblocks down by force.", ["KFOR will not take Serb roadblocks down by force."]),
]
for base, variants in NEG_DIR:
    add_dir("dir-negation", "dir-negation", E, base, [(v, "-" + E) for v in variants])


# ---------------------------------------------------------------------------------------------
# Write and check
# ---------------------------------------------------------------------------------------------
LABELS = {P, E, N}


def validate(rows):
    errs = []
    groups = OrderedDict()
    seen = set()
    for i, r in enumerate(rows):
        t = r["text"]
        if not t or t != t.strip():
            errs.append(f"row {i}: empty or untrimmed text")
        if len(t.split()) > 46:
            errs.append(f"row {i}: {len(t.split())} words: {t[:50]}")
        if t in seen:
            errs.append(f"row {i}: duplicate text: {t}")
        seen.add(t)
        if r["kind"] == "mft":
            if r["group"] or r["expected"] not in LABELS:
                errs.append(f"row {i}: bad mft row")
        elif r["kind"] in ("inv", "dir"):
            if not r["group"]:
                errs.append(f"row {i}: {r['kind']} row without group")
            groups.setdefault(r["group"], []).append(r)
        else:
            errs.append(f"row {i}: kind {r['kind']!r}")
    for g, rs in groups.items():
        kinds = {r["kind"] for r in rs}
        caps = {r["capability"] for r in rs}
        if len(kinds) != 1 or len(caps) != 1:
            errs.append(f"group {g}: mixed kinds or capabilities")
        if len(rs) < 2:
            errs.append(f"group {g}: fewer than 2 rows")
        if rs[0]["kind"] == "inv":
            if not 3 <= len(rs) <= 6:
                errs.append(f"group {g}: inv group of {len(rs)} rows")
            if len({r["expected"] for r in rs}) != 1 or rs[0]["expected"] not in LABELS:
                errs.append(f"group {g}: inv expected labels differ or are malformed")
        if rs[0]["kind"] == "dir":
            if rs[0]["expected"] not in LABELS:
                errs.append(f"group {g}: dir base expected {rs[0]['expected']!r}")
            for r in rs[1:]:
                e = r["expected"]
                if not (e[:1] in "+-" and e[1:] in LABELS):
                    errs.append(f"group {g}: dir expected {e!r}")
    # every group of one capability is contiguous and ids are unique
    order = [r["group"] for r in rows if r["group"]]
    runs = [g for k, g in enumerate(order) if k == 0 or order[k - 1] != g]
    if len(runs) != len(set(runs)):
        errs.append("a group's rows are not contiguous")
    return errs


def main():
    errs = validate(ROWS)
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["capability", "kind", "group", "text", "expected"])
        for r in ROWS:
            w.writerow([r["capability"], r["kind"], r["group"], r["text"], r["expected"]])
    # summary table
    caps = OrderedDict()
    for r in ROWS:
        c = caps.setdefault(r["capability"], dict(kind=r["kind"], rows=0, groups=set(), mft=0,
                                                    labels=Counter()))
        c["rows"] += 1
        if r["group"]:
            c["groups"].add(r["group"])
        else:
            c["mft"] += 1
        if r["kind"] != "dir" or r["expected"] in LABELS:
            c["labels"][r["expected"]] += 1 if r["kind"] != "inv" else 0
    print(f"{'capability':22} {'kind':4} {'tests':>5} {'rows':>5}   labels (mft rows / inv+dir groups)")
    total_tests = total_rows = 0
    for name, c in caps.items():
        tests = c["mft"] + len(c["groups"])
        total_tests += tests
        total_rows += c["rows"]
        if c["kind"] == "mft":
            lab = Counter(r["expected"] for r in ROWS if r["capability"] == name)
        else:
            firsts = OrderedDict()
            for r in ROWS:
                if r["capability"] == name:
                    firsts.setdefault(r["group"], r["expected"])
            lab = Counter(firsts.values())
        labs = " ".join(f"{k[:4]}={lab[k]}" for k in (P, E, N))
        flag = "" if tests >= 40 else "   <-- fewer than 40 tests"
        print(f"{name:22} {c['kind']:4} {tests:5d} {c['rows']:5d}   {labs}{flag}")
    hand = sum(1 for r in ROWS if r["source"] == "hand")
    print(f"{'total':22} {'':4} {total_tests:5d} {total_rows:5d}")
    print(f"hand-written rows: {hand} ({hand / len(ROWS):.0%}); template rows: {len(ROWS) - hand}")
    print(f"wrote {OUT}")
    if not 700 <= total_rows <= 1300:
        print("WARNING: total rows outside 700-1300")


if __name__ == "__main__":
    main()
