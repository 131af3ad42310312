"""The LaTeX macros pylatexenc may write that the LaTeX kernel does not define (a user needs a package or font encoding for them).

Made by compiling ``\\ifdefined`` for every macro in pylatexenc's table with LuaLaTeX and
fontspec (TeX Live 2022): Cyrillic font-encoding macros (T2A), TIPA's IPA letters, ``amssymb``
symbols and a few others. ``tests/writers/test_bibtex_encoder.py`` checks the list against
LaTeX on the machine. Pure data.
"""

NEEDS_PACKAGE = frozenset("""
Bumpeq C CYRA CYRABHCH CYRABHCHDSC CYRABHDZE CYRABHHA CYRAE CYRB CYRBYUS CYRC CYRCH CYRCHLDSC
CYRCHRDSC CYRCHVCRS CYRD CYRDJE CYRDZE CYRDZHE CYRE CYREREV CYRERY CYRF CYRFITA CYRG CYRGDSC
CYRGDSCHCRS CYRGHCRS CYRGHK CYRGUP CYRH CYRHDSC CYRHHCRS CYRHHK CYRHRDSN CYRI CYRIE CYRII
CYRIOTBYUS CYRIOTE CYRIOTLYUS CYRISHRT CYRIZH CYRJE CYRK CYRKBEAK CYRKDSC CYRKHCRS CYRKHK
CYRKOPPA CYRKSI CYRKVCRS CYRL CYRLDSC CYRLJE CYRLYUS CYRM CYRMDSC CYRN CYRNDSC CYRNG CYRNHK
CYRNJE CYRO CYROMEGA CYROMEGARND CYROMEGATITLO CYROT CYROTLD CYRP CYRPHK CYRPSI CYRR CYRRTICK
CYRS CYRSCHWA CYRSDSC CYRSEMISFTSN CYRSFTSN CYRSH CYRSHCH CYRSHHA CYRT CYRTDSC CYRTETSE CYRTSHE
CYRU CYRUK CYRUSHRT CYRV CYRY CYRYA CYRYAT CYRYHCRS CYRYI CYRYO CYRYU CYRZ CYRZDSC CYRZH
CYRZHDSC CYRpalochka Cap Cup DownArrowUpArrow Lleftarrow Lsh Rrightarrow Rsh Subset Supset U
VDash Vdash Vvdash allequal approxeq approxnotequal arrowwaveleft arrowwaveright backepsilon
backprime backsim backsimeq barwedge because beth between blacklozenge blacksquare blacktriangle
blacktriangledown blacktriangleleft blacktriangleright boldsymbol boxdot boxminus boxplus
boxtimes bumpeq circeq circlearrowleft circlearrowright circledast circledcirc circleddash
clockoint clwintegral complement curlyeqprec curlyeqsucc curlyvee curlywedge curvearrowleft
curvearrowright cyra cyrabhch cyrabhchdsc cyrabhdze cyrabhha cyrae cyrb cyrbyus cyrc cyrch
cyrchar cyrchldsc cyrchrdsc cyrchvcrs cyrd cyrdje cyrdze cyrdzhe cyre cyrerev cyrery cyrf
cyrfita cyrg cyrgdsc cyrgdschcrs cyrghcrs cyrghk cyrgup cyrh cyrhdsc cyrhhcrs cyrhhk cyrhrdsn
cyrhundredthousands cyri cyrie cyrii cyriotbyus cyriote cyriotlyus cyrishrt cyrizh cyrje cyrk
cyrkbeak cyrkdsc cyrkhcrs cyrkhk cyrkoppa cyrksi cyrkvcrs cyrl cyrldsc cyrlje cyrlyus cyrm
cyrmdsc cyrmillions cyrn cyrndsc cyrng cyrnhk cyrnje cyro cyromega cyromegarnd cyromegatitlo
cyrot cyrotld cyrp cyrphk cyrpsi cyrr cyrrtick cyrs cyrschwa cyrsdsc cyrsemisftsn cyrsftsn cyrsh
cyrshch cyrshha cyrt cyrtdsc cyrtetse cyrthousands cyrtshe cyru cyruk cyrushrt cyrv cyry cyrya
cyryat cyryhcrs cyryi cyryo cyryu cyrz cyrzdsc cyrzh cyrzhdsc daleth dblarrowupdown
divideontimes doteqdot dotplus downdownarrows downharpoonleft downharpoonright eqcirc eqslantgtr
eqslantless estimates fallingdotseq forcesextra geqq geqslant gimel gnapprox gneq gneqq gnsim
gtrapprox gtrdot gtreqless gtreqqless gtrless gtrsim hermitconjmatrix homothetic iiint iint
image intercal lazysinv leftarrowtail leftleftarrows leftrightarrows leftrightharpoons
leftrightsquigarrow leftthreetimes leqq leqslant lessapprox lessdot lesseqgtr lesseqqgtr lessgtr
lesssim llcorner lnapprox lneq lneqq lnsim looparrowleft looparrowright lozenge lrcorner ltimes
mathbb mathfrak mathscr measuredangle multimap nLeftarrow nLeftrightarrow nRightarrow nVDash
nVdash nexists ngeq ngtr nleftarrow nleftrightarrow nleq nless nmid nobreakdash notgreaterless
notlessgreater nparallel nprec nrightarrow nsubseteq nsucc nsupseteq ntriangleleft
ntrianglelefteq ntriangleright ntrianglerighteq nument nvDash nvdash original pitchfork
precapprox precedesnotsimilar precnapprox precneqq precsim quarternote recorder rightangle
rightanglearc rightarrowtail rightleftarrows rightrightarrows rightsquigarrow rightthreetimes
risingdotseq rtimes smallsetminus sphericalangle sqrint square starequal subseteqq subsetneq
subsetneqq succapprox succnapprox succneqq succnsim succsim supseteqq supsetneq supsetneqq
surfintegral textfrac textglotstop texthvlig textnrleg textphi textschwa textturnk therefore
tildetrpl triangledown trianglelefteq triangleq trianglerighteq truestate twoheadleftarrow
twoheadrightarrow udots ulcorner upharpoonleft upharpoonright upuparrows urcorner varkappa
varnothing varperspcorrespond vartriangle vartriangleleft vartriangleright veebar
verymuchgreater verymuchless volintegral
""".split())
